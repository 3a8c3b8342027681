"""The owner reads the trail: filtered by person, contact, document, kind and dates, newest first, a page at a
time, or all of it (as filtered) as CSV lines, read in chunks so neither the process nor the response holds it
whole. Only the owner: checked here from the database, whatever the page showed."""
from __future__ import annotations

import csv
import io
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any
from zoneinfo import ZoneInfo

from tortoise.expressions import Q

from domain import formats, sessions
from domain.actors import StaffActor
from domain.audit.actions import LABELS, AuditAction
from domain.audit.words import actor_text, changes_in_words
from domain.errors import Invalid, NotAllowed
from domain.form_input import page_number, record_id
from domain.formats import N_, _
from domain.models import AuditEntry, Contact, ContactPerson, Document, StaffUser
from domain.models.people import person_name

PAGE_SIZE = 50
CSV_CHUNK = 1000
CSV_MOST = 100_000  # rows in one download; narrow the filters for more
OWNER_ONLY = N_('Only the owner can read the audit trail.')


@dataclass(frozen=True)
class TrailFilter:
    """What the owner chose: `who` is 'staff:ID' or 'person:ID'; the days are in the business's time zone."""
    who: str = ''
    contact_id: int | str | None = None
    document: str = ''  # a document's number (or its id)
    action: str = ''
    since: str = ''  # a day as YYYY-MM-DD (a date input's value), or empty
    until: str = ''


@dataclass(frozen=True)
class TrailRow:
    id: int
    at: datetime
    who: str
    ip: str
    action: str
    contact: str
    target: str
    changes: list[str]
    note: str


@dataclass(frozen=True)
class TrailPage:
    rows: list[TrailRow]
    page: int
    pages: int
    total: int


@dataclass(frozen=True)
class Choices:
    actions: dict[str, str]
    people: dict[str, str] = field(default_factory=dict)  # 'staff:ID' / 'person:ID' -> name


async def _check_owner(actor: StaffActor) -> None:
    await sessions.check(actor)
    if not isinstance(actor, StaffActor) or not actor.is_owner \
            or not await StaffUser.exists(id=actor.staff_id, is_owner=True, is_active=True):
        raise NotAllowed(_(OWNER_ONLY))


async def choices(actor: StaffActor, contact_id: int | str | None = None) -> Choices:
    """The kinds to filter by, and the people: every staff user, and the people of the contact chosen."""
    await _check_owner(actor)
    people = {f'staff:{i}': name for i, name in await StaffUser.all().order_by('name').values_list('id', 'name')}
    contact = record_id(contact_id)
    if contact is not None:
        for row in await ContactPerson.filter(contact_id=contact).order_by('first_name', 'id'):
            people[f'person:{row.id}'] = person_name(row.first_name, row.last_name, row.email)
    return Choices({action.value: _(LABELS[action]) for action in AuditAction}, people)


async def _query(chosen: TrailFilter) -> Any:
    query = AuditEntry.all()
    kind, _colon, number = chosen.who.partition(':')
    who = record_id(number)
    if kind == 'staff' and who is not None:
        query = query.filter(Q(staff_id=who) | Q(target_kind='staff', target_id=who))
    elif kind == 'person' and who is not None:
        query = query.filter(Q(person_id=who) | Q(target_kind='person', target_id=who))
    contact = record_id(chosen.contact_id)
    if contact is not None:
        query = query.filter(contact_id=contact)
    text = chosen.document.strip()[:40]
    if text:
        found = await Document.filter(number=text).values_list('id', flat=True) if len(text) <= 20 else []
        if found:
            query = query.filter(document_id=found[0])
        elif record_id(text) is not None:
            query = query.filter(document_id=record_id(text))
        else:  # a deleted draft: its rows still name it
            query = query.filter(target_kind='document', target_label=text)
    if chosen.action in AuditAction.__members__.values():
        query = query.filter(action=chosen.action)
    zone = ZoneInfo(formats.reader().zone)
    since, until = _day(chosen.since, 'since'), _day(chosen.until, 'until')
    if since is not None:
        query = query.filter(at__gte=datetime.combine(since, time(), zone))
    if until is not None:
        query = query.filter(at__lt=datetime.combine(until + timedelta(days=1), time(), zone))
    return query


def _day(text: str, name: str) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(str(text)[:10])
    except ValueError:
        raise Invalid.field(name, _('Enter a date like 2026-03-31.')) from None


async def trail(actor: StaffActor, chosen: TrailFilter, page: int | str = 1) -> TrailPage:
    await _check_owner(actor)
    query = await _query(chosen)
    total = await query.count()
    pages = max(1, -(-total // PAGE_SIZE))
    shown = min(page_number(page), pages)
    entries = await query.order_by('-id').offset((shown - 1) * PAGE_SIZE).limit(PAGE_SIZE).values(*COLUMNS)
    return TrailPage(await _rows(entries), shown, pages, total)


COLUMNS = ('id', 'at', 'actor_kind', 'actor_name', 'ip', 'action', 'contact_id', 'target_label', 'changes', 'note')


async def _rows(entries: list[dict[str, Any]]) -> list[TrailRow]:
    """Rows as plain values (building model objects cost a third of a CSV download)."""
    ids = {entry['contact_id'] for entry in entries if entry['contact_id']}
    names = dict(await Contact.filter(id__in=ids).values_list('id', 'display_name')) if ids else {}
    actions = {action.value: _(label) for action, label in LABELS.items()}
    return [TrailRow(entry['id'], entry['at'], actor_text(entry['actor_kind'], entry['actor_name']), entry['ip'],
                     actions.get(entry['action'], entry['action']), names.get(entry['contact_id'], ''),
                     entry['target_label'], changes_in_words(_decoded(entry['changes'])), entry['note'])
            for entry in entries]


def _decoded(changes: Any) -> list[dict[str, Any]]:
    return json.loads(changes) if isinstance(changes, str | bytes) else changes or []


async def csv_lines(actor: StaffActor, chosen: TrailFilter) -> AsyncIterator[str]:
    """The filtered trail as CSV text, newest first, at most CSV_MOST rows, read CSV_CHUNK rows at a time."""
    await _check_owner(actor)
    query = await _query(chosen)
    zone = ZoneInfo(formats.reader().zone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_('When'), _('Who'), _('Network address'), _('What'), _('Contact'), _('Document or item'),
                     _('Changes'), _('Note')])
    sent, before = 0, None
    while sent < CSV_MOST:
        chunk = query.filter(id__lt=before) if before is not None else query
        entries = await chunk.order_by('-id').limit(min(CSV_CHUNK, CSV_MOST - sent)).values(*COLUMNS)
        if not entries:
            break
        for row in await _rows(entries):  # the time as ISO 8601 where the business is: a spreadsheet sorts it
            writer.writerow([_cell(text) for text in (row.at.astimezone(zone).isoformat(timespec='seconds'),
                                                      row.who, row.ip, row.action, row.contact, row.target,
                                                      '; '.join(row.changes), row.note)])
        yield out.getvalue()
        out.seek(0)
        out.truncate()
        sent += len(entries)
        before = entries[-1]['id']
    if sent == 0:
        yield out.getvalue()


def _cell(text: str) -> str:
    """A cell a spreadsheet would read as a formula (a name typed as "=HYPERLINK(...)") starts with a quote."""
    return f"'{text}" if text[:1] in {'=', '+', '-', '@', '\t', '\r'} else text
