"""Writing the trail: `await audit.record(actor, AuditAction.X, on=row, before=..., after=...)`, called by a use case
inside the transaction of its change, so the row exists exactly when the change does.

Who acted is the use case's actor (with the network address the middleware put on it), a `Who` for a sign-in (no
actor exists yet) or `SYSTEM` for the scheduler. What changed is the difference of two `snapshot`s: only the fields
whose value differs are kept, each with its type (so the page formats dates and money for its reader). A secret
(a password hash, a token, a second factor's key) is never written: only that it changed.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from enum import Enum
from typing import Any

from tortoise.models import Model

from domain import clock
from domain.actors import Actor, PortalActor, StaffActor
from domain.audit.actions import AuditAction
from domain.models import AuditEntry, Contact, ContactPerson, Document, StaffUser
from domain.models.people import person_name

SECRET_WORDS = ('password', 'secret', 'token', 'hash', 'key')
SKIPPED = frozenset({'id', 'created_at', 'updated_at', 'payment_lock', 'payment_lock_until', 'first_viewed_at',
                     'last_viewed_at', 'last_read_activity_id', 'last_sign_in_at', 'stripe_customer_id'})
MONEY = frozenset({'total', 'subtotal', 'tax_total', 'amount_paid', 'amount', 'rate', 'tax_amount', 'fee', 'cap',
                   'flat', 'amount_due', 'balance', 'refunded'})
TEXT_LIMIT = 500
HOSTNAME = re.compile(r'(?=.{3,100}$)[a-z0-9-]+(\.[a-z0-9-]+)+')


@dataclass(frozen=True)
class Who:
    """Someone who is not (yet) an actor: a person signing in, or the scheduler."""
    kind: str  # staff | client | system | anonymous
    name: str = ''
    ip: str = ''
    staff_id: int | None = None
    person_id: int | None = None


SYSTEM = Who('system')


def staff(user: StaffUser, ip: str = '') -> Who:
    return Who('staff', user.name, ip, staff_id=user.id)


def person(row: ContactPerson, ip: str = '') -> Who:
    return Who('client', person_name(row.first_name, row.last_name, row.email), ip, person_id=row.id)


def typed_email(email: str) -> str:
    """What a failed sign-in keeps of an email that matches no account: only its domain ('…@example.com'), and
    nothing when that does not look like a domain name. The whole address may be a stranger's (personal data the
    business has no reason to keep), or a password typed into the wrong field."""
    domain = email.strip().lower().rpartition('@')[2]
    return f'…@{domain}' if HOSTNAME.fullmatch(domain) else '…'


def account(row: ContactPerson | StaffUser | None, ip: str = '') -> Who:
    """Who signs in: a client person or a staff user (anonymous if neither)."""
    if isinstance(row, ContactPerson):
        return person(row, ip)
    return staff(row, ip) if isinstance(row, StaffUser) else Who('anonymous', ip=ip)


def is_secret(name: str) -> bool:
    return any(word in name for word in SECRET_WORDS)


def snapshot(row: Model | dict[str, Any] | None, *only: str, currency: str = '') -> dict[str, Any]:
    """A row's (or a form's) fields as typed values to compare, `only` some of them if given. A secret is kept as a
    digest, enough to see that it changed; `diff` writes neither."""
    if row is None:
        return {}
    if isinstance(row, Model):
        names = only or tuple(name for name in row._meta.fields_db_projection if name not in SKIPPED)
        values = {name: getattr(row, name, None) for name in names}
    else:
        values = {name: row[name] for name in (only or row) if name not in SKIPPED}
    currency = currency or str(values.get('currency') or getattr(row, 'currency', '') or '')
    found: dict[str, Any] = {'': currency} if currency else {}
    for name, value in values.items():
        secret = is_secret(name) and value not in (None, '')
        found[name] = hashlib.sha256(repr(value).encode()).hexdigest() if secret else value
    return found


def _typed(name: str, value: Any, currency: str) -> dict[str, Any]:
    if is_secret(name):
        return {'type': 'secret'}
    if isinstance(value, bool):
        return {'type': 'bool', 'value': value}
    if isinstance(value, datetime):
        return {'type': 'moment', 'value': value.isoformat()}
    if isinstance(value, date):
        return {'type': 'date', 'value': value.isoformat()}
    if isinstance(value, int) and name in MONEY and currency:
        return {'type': 'money', 'value': value, 'currency': currency}
    if isinstance(value, int | Decimal | float):
        return {'type': 'number', 'value': str(value)}
    if isinstance(value, Enum):
        value = value.value
    if isinstance(value, list | tuple | dict):
        return {'type': 'text', 'value': repr(value)[:TEXT_LIMIT]}
    return {'type': 'text', 'value': None if value is None else str(value)[:TEXT_LIMIT]}


def diff(before: dict[str, Any], after: dict[str, Any]) -> list[dict[str, Any]]:
    """The fields whose value differs, each `{field, type, before, after}` (a secret only `{field, type}`); for
    something new (no `before`) the fields it was given, for something removed those it had."""
    currency = after.get('') or before.get('') or ''
    changes = []
    for name in [*before, *(n for n in after if n not in before)]:
        if name == '':
            continue
        old, new = before.get(name), after.get(name)
        if old == new or (name not in before and new in (None, '', False)) \
                or (name not in after and old in (None, '', False)):
            continue
        was, now = _typed(name, old, currency), _typed(name, new, currency)
        entry = {'field': name, 'type': now['type'] if new is not None else was['type']}
        if entry['type'] != 'secret':
            entry |= {'before': was.get('value'), 'after': now.get('value')}
            if 'currency' in was or 'currency' in now:
                entry['currency'] = now.get('currency') or was.get('currency')
        changes.append(entry)
    return changes


def _where(on: Model | None) -> dict[str, Any]:
    """The contact, document or other target a row names, from the model row the change was made to."""
    if on is None:
        return {}
    if isinstance(on, Document):
        return {'document_id': on.id, 'contact_id': on.contact_id, 'target_kind': 'document',
                'target_id': on.id, 'target_label': on.number}
    if isinstance(on, Contact):
        return {'contact_id': on.id, 'target_kind': 'contact', 'target_id': on.id, 'target_label': on.display_name}
    if isinstance(on, ContactPerson):
        return {'contact_id': on.contact_id, 'target_kind': 'person', 'target_id': on.id,
                'target_label': person_name(on.first_name, on.last_name, on.email)}
    if isinstance(on, StaffUser):
        return {'target_kind': 'staff', 'target_id': on.id, 'target_label': on.name}
    found: dict[str, Any] = {'target_kind': on._meta.db_table, 'target_id': getattr(on, 'id', None)}
    for name in ('contact_id', 'document_id'):
        if isinstance(getattr(on, name, None), int):
            found[name] = getattr(on, name)
    return found


def _who(actor: Actor | Who) -> dict[str, Any]:
    if isinstance(actor, StaffActor):
        return {'actor_kind': 'staff', 'staff_id': actor.staff_id, 'actor_name': actor.name, 'ip': actor.ip}
    if isinstance(actor, PortalActor):
        return {'actor_kind': 'client', 'person_id': actor.person_id, 'actor_name': actor.name, 'ip': actor.ip}
    return {'actor_kind': actor.kind, 'staff_id': actor.staff_id, 'person_id': actor.person_id,
            'actor_name': actor.name, 'ip': actor.ip}


async def record(actor: Actor | Who, action: AuditAction, *, on: Model | None = None,
                 before: dict[str, Any] | None = None, after: dict[str, Any] | None = None, note: str = '',
                 reread: bool = False, changed: str | Iterable[str] = (), contact_id: int | None = None,
                 document_id: int | None = None, label: str = '') -> None:
    """Append one row. Call it inside the use case's transaction, after the change (a failure rolls both back).

    `on` is the row changed (a document, contact, person, staff user, payment...), which names the contact and
    document; `contact_id`, `document_id` and `label` say it where there is no row at hand. With `reread`, what it
    is after the change is `on` read again from the database (for a change made by a query rather than `save`).
    `changed` names fields of `on` as it is in memory (before the query changed the row) and implies `reread`. A
    client's row without `on` names their contact."""
    if changed and on is not None:
        before, reread = snapshot(on, *([changed] if isinstance(changed, str) else changed)), True
    if reread and on is not None:
        on = await type(on).get(pk=on.pk)
        after = snapshot(on, *(name for name in (before or {}) if name))
    where = _where(on)
    if contact_id is None and on is None and isinstance(actor, PortalActor):
        contact_id = actor.contact_id
    if contact_id is not None:
        where['contact_id'] = contact_id
    if document_id is not None:
        where['document_id'] = document_id
    if label:
        where['target_label'] = label
    where['target_label'] = str(where.get('target_label') or '')[:200]
    who = _who(actor)
    who['actor_name'] = str(who['actor_name'] or '')[:200]
    who['ip'] = str(who['ip'] or '')[:45]
    await AuditEntry.create(at=clock.now(), action=action.value, changes=diff(before or {}, after or {}),
                            note=note[:TEXT_LIMIT], **who, **where)
