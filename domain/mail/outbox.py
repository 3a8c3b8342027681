"""The mail outbox: reading it on the staff "Sent mail" page, and the bookkeeping of the sender.

Delivery is at-least-once with a lease: a sender claims a row with a conditional UPDATE (only one process can win
it), sends it, and marks it sent right after the server accepts. A row whose sender died is claimed again once its
lease runs out. Every email carries a Message-ID derived from the row, so a receiving server can recognise the rare
repeat. Temporary failures wait longer after each attempt; permanent ones are marked failed and left alone.
"""
from __future__ import annotations

import math
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from tortoise.expressions import F, Q
from tortoise.functions import Count
from tortoise.transactions import in_transaction

import settings
from domain import audit, clock, sessions
from domain.actors import StaffActor
from domain.errors import Conflict, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import page_number, require_id
from domain.formats import _
from domain.models import Contact, MailStatus, OutgoingMail

PER_PAGE = 25
LEASE = timedelta(minutes=5)
FIRST_RETRY = timedelta(minutes=1)
LONGEST_WAIT = timedelta(hours=1)
GIVE_UP_AFTER = timedelta(days=3)
_LINK = re.compile(r'https?://[^\s<>"]+')


@dataclass(frozen=True)
class MailRow:
    id: int
    kind: str
    status: MailStatus
    to_address: str
    to_name: str
    subject: str
    created_at: datetime
    sent_at: datetime | None
    attempts: int
    next_attempt_at: datetime | None
    last_error: str


@dataclass(frozen=True)
class MailPage:
    rows: list[MailRow]
    total: int
    page: int
    pages: int
    counts: dict[str, int]  # per status, over the whole outbox (or the contact's emails)
    contact_name: str = ''  # when only one contact's emails are listed


@dataclass(frozen=True)
class MailDetail:
    row: MailRow
    text_body: str
    attachments: list[dict]
    contact_id: int | None
    contact_name: str

    @property
    def links(self) -> list[str]:
        """The web addresses in the text, so staff can open or pass on a link when no mail server is set up."""
        return list(dict.fromkeys(_LINK.findall(self.text_body)))


def _row(mail: OutgoingMail) -> MailRow:
    return MailRow(mail.id, mail.kind, MailStatus(mail.status), mail.to_address, mail.to_name, mail.subject,
                   mail.created_at, mail.sent_at, mail.attempts, mail.next_attempt_at, mail.last_error)


def delivery_configured() -> bool:
    """Whether a mail server is set up; without one the outbox is only read here."""
    return bool(settings.get().smtp_host)


async def list_mail(actor: StaffActor, *, status: str = '', search: str = '', page: int = 1,
                    contact_id: int = 0) -> MailPage:
    """The newest emails first; optionally one status, one contact's, or matching a recipient or subject."""
    await sessions.check(actor)
    query = OutgoingMail.all()
    contact_name = ''
    if contact_id:
        names = cast(list[str], await Contact.filter(id=require_id(contact_id)).values_list('display_name', flat=True))
        if not names:
            raise NotFound(_('This contact does not exist.'))
        contact_name = names[0]
        query = query.filter(contact_id=contact_id)
    everything = query
    if status in set(MailStatus):
        query = query.filter(status=status)
    search = ' '.join(search.split())[:100]
    if search:
        query = query.filter(Q(to_address__icontains=search) | Q(to_name__icontains=search)
                             | Q(subject__icontains=search))
    total = await query.count()
    pages = max(1, math.ceil(total / PER_PAGE))
    page = min(page_number(page), pages)
    mails = await query.order_by('-id').offset((page - 1) * PER_PAGE).limit(PER_PAGE) \
        .only('id', 'kind', 'status', 'to_address', 'to_name', 'subject', 'created_at', 'sent_at', 'attempts',
              'next_attempt_at', 'last_error')
    counts = {row['status']: row['n'] for row in await everything.annotate(n=Count('id'))
              .group_by('status').values('status', 'n')}
    return MailPage([_row(m) for m in mails], total, page, pages, counts, contact_name)


async def get_mail(actor: StaffActor, mail_id: int | str) -> MailDetail:
    await sessions.check(actor)
    mail = await OutgoingMail.get_or_none(id=require_id(mail_id))
    if mail is None:
        raise NotFound(_('This email does not exist.'))
    contact_id = mail.contact_id
    names = cast(list[str], await Contact.filter(id=contact_id).values_list('display_name', flat=True)) \
        if contact_id else []
    return MailDetail(_row(mail), mail.text_body, list(mail.attachments or []), contact_id,
                      names[0] if names else '')


async def retry_mail(actor: StaffActor, mail_id: int) -> None:
    """Put a failed email back in the queue, to be tried again as if new."""
    await sessions.check(actor)
    async with in_transaction():
        changed = await OutgoingMail.filter(id=mail_id, status=MailStatus.FAILED).update(
            status=MailStatus.PENDING, attempts=0, next_attempt_at=None, claimed_until=None, last_error='')
        if changed != 1:
            if not await OutgoingMail.exists(id=mail_id):
                raise NotFound(_('This email does not exist.'))
            raise Conflict(_('Only an email that failed can be tried again.'))
        await audit.record(actor, audit.Action.MAIL_RETRIED, on=await OutgoingMail.get(id=mail_id))
    await publish(Event(EventKind.MAIL_CHANGED, data={'mail_id': mail_id}))


# --- the sender's bookkeeping (integrations/mail_sender.py) ---------------------------------------------------------

def retry_delay(attempts: int) -> timedelta:
    """How long to wait after the `attempts`-th failed try: 1, 2, 4, 8... minutes, at most an hour."""
    return min(FIRST_RETRY * 2 ** max(attempts - 1, 0), LONGEST_WAIT)


def _due(now: datetime) -> Q:
    return (Q(status=MailStatus.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
            & (Q(claimed_until__isnull=True) | Q(claimed_until__lt=now)))


async def due_ids(limit: int) -> list[int]:
    """Pending emails whose time has come and that no live sender holds, oldest first."""
    now = clock.now()
    due = OutgoingMail.filter(_due(now)).order_by('id').limit(limit)
    return cast(list[int], await due.values_list('id', flat=True))


async def claim(mail_id: int, lease: timedelta = LEASE) -> OutgoingMail | None:
    """Take the row for one sending attempt; None when another sender was quicker or it is no longer due."""
    now = clock.now()
    won = await OutgoingMail.filter(Q(id=mail_id) & _due(now)).update(
        claimed_until=now + lease, attempts=F('attempts') + 1)
    if won != 1:
        return None
    return await OutgoingMail.get(id=mail_id)


async def mark_sent(mail_id: int) -> None:
    await OutgoingMail.filter(id=mail_id, status=MailStatus.PENDING).update(
        status=MailStatus.SENT, sent_at=clock.now(), claimed_until=None, next_attempt_at=None, last_error='')
    await publish(Event(EventKind.MAIL_CHANGED, data={'mail_id': mail_id}))


async def mark_failed(mail_id: int, reason: str) -> None:
    """A permanent failure: the email is not tried again unless staff ask for it."""
    await OutgoingMail.filter(id=mail_id, status=MailStatus.PENDING).update(
        status=MailStatus.FAILED, claimed_until=None, next_attempt_at=None, last_error=reason[:1000])
    await publish(Event(EventKind.MAIL_CHANGED, data={'mail_id': mail_id}))


async def mark_for_retry(mail: OutgoingMail, reason: str) -> None:
    """A temporary failure: try again later, or give up when the email has waited for days."""
    now = clock.now()
    if now - mail.created_at > GIVE_UP_AFTER:
        await mark_failed(mail.id, f'Gave up after {mail.attempts} attempts over {GIVE_UP_AFTER.days} days. '
                                   f'Last problem: {reason}')
        return
    await OutgoingMail.filter(id=mail.id, status=MailStatus.PENDING).update(
        claimed_until=None, next_attempt_at=now + retry_delay(mail.attempts), last_error=reason[:1000])
    await publish(Event(EventKind.MAIL_CHANGED, data={'mail_id': mail.id}))
