"""What clients did: the activity rows that feed the staff bell and dashboard, and the emails they send the business.

Every client action that staff should hear about goes through `record_activity` (or `record_online_payment`),
called inside the transaction of the action itself. It writes the activity row and, for the actions the business
wants an email about (accepted, declined, commented, paid), puts that email in the outbox in the same transaction:
one email per action, never lost when the mail server is down, never sent for an action that was rolled back.
Views and forwards are recorded without an email (a view is too frequent to be worth one).

Both return the events to publish once the transaction has committed:

    async with in_transaction():
        ...
        events = await record_online_payment(contact_id, person_id, [(invoice_id, cents)], 'USD')
    await publish(*events)
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import cast

from domain import formats, sessions
from domain.activity.mail import queue_activity_email, queue_payment_email
from domain.actors import StaffActor
from domain.events import Event, EventKind, publish
from domain.formats import N_, _, money
from domain.models import Activity, ActivityKind, DocumentKind, StaffUser

EMAILED = frozenset({ActivityKind.ACCEPTED, ActivityKind.DECLINED, ActivityKind.COMMENTED, ActivityKind.PAID,
                     ActivityKind.UPLOADED})
BELL_ROWS = 8
BELL_CAP = 99  # more unread than this shows as "99+"
RECENT_ACTIVITY = 12
# what the bell and the dashboard say, per kind of activity and kind of document ('' when there is no document)
_SENTENCES = {
    'viewed': {'estimate': N_('{who} viewed estimate {number}'), 'invoice': N_('{who} viewed invoice {number}'),
               'retainer': N_('{who} viewed retainer invoice {number}'), '': N_('{who} viewed')},
    'accepted': {'estimate': N_('{who} accepted estimate {number}'), 'invoice': N_('{who} accepted invoice {number}'),
                 'retainer': N_('{who} accepted retainer invoice {number}'), '': N_('{who} accepted')},
    'declined': {'estimate': N_('{who} declined estimate {number}'), 'invoice': N_('{who} declined invoice {number}'),
                 'retainer': N_('{who} declined retainer invoice {number}'), '': N_('{who} declined')},
    'commented': {'estimate': N_('{who} commented on estimate {number}'),
                  'invoice': N_('{who} commented on invoice {number}'),
                  'retainer': N_('{who} commented on retainer invoice {number}'), '': N_('{who} commented')},
    'paid': {'estimate': N_('{who} paid estimate {number}'), 'invoice': N_('{who} paid invoice {number}'),
             'retainer': N_('{who} paid retainer invoice {number}'), '': N_('{who} paid')},
    'forwarded': {'estimate': N_('{who} forwarded estimate {number}'),
                  'invoice': N_('{who} forwarded invoice {number}'),
                  'retainer': N_('{who} forwarded retainer invoice {number}'), '': N_('{who} forwarded a document')},
    'factor_reset': {'': N_('{who} had two-step sign-in reset')},
    'expired': {'estimate': N_('Estimate {number} of {who} expired'), '': N_('An estimate of {who} expired')},
    'recurring': {'invoice': N_('Invoice {number} for {who} was made from a recurring profile'),
                  '': N_('A recurring invoice for {who} was made')},
    'uploaded': {'estimate': N_('{who} uploaded a file to estimate {number}'),
                 'invoice': N_('{who} uploaded a file to invoice {number}'),
                 'retainer': N_('{who} uploaded a file to retainer invoice {number}'),
                 '': N_('{who} uploaded a file')},
    'debit_failed': {'invoice': N_("{who}'s bank refused the direct debit for invoice {number}"),
                     'retainer': N_("{who}'s bank refused the direct debit for retainer invoice {number}"),
                     '': N_("{who}'s bank refused a direct debit")},
    'disputed': {'invoice': N_('{who} disputed the payment of invoice {number} with their bank'),
                 'retainer': N_('{who} disputed the payment of retainer invoice {number} with their bank'),
                 '': N_('{who} disputed a payment with their bank')},
}


@dataclass(frozen=True)
class ActivityRow:
    id: int
    kind: str
    contact_id: int
    contact_name: str
    person_name: str
    document_id: int | None
    document_kind: str
    document_number: str
    detail: str
    created_at: datetime

    @property
    def sentence(self) -> str:
        """'Casey Client viewed invoice INV-000001', in the reader's language."""
        who = self.person_name or self.contact_name
        sentences = _SENTENCES.get(self.kind)
        if sentences is None:
            return f'{who} {self.kind}'.strip()
        template = sentences.get(self.document_kind if self.document_number else '') or sentences['']
        return _(template).format(who=who, number=self.document_number).strip()

    @property
    def document_link(self) -> str:
        if self.document_id is None:
            return ''
        area = {DocumentKind.ESTIMATE: 'estimates', DocumentKind.CREDIT_NOTE: 'credit-notes'}.get(
            DocumentKind(self.document_kind), 'invoices')
        return f'/staff/{area}/{self.document_id}'




def activity_event(activity: Activity) -> Event:
    return Event(EventKind.ACTIVITY, activity.document_id, activity.contact_id,
                 {'activity_id': activity.id, 'kind': str(activity.kind)})


async def record_activity(kind: ActivityKind, contact_id: int, document_id: int | None, person_id: int | None,
                          detail: str = '') -> Event:
    """Write the activity row and queue the business's email about it; call inside the action's transaction.

    Returns the event to publish after the commit.
    """
    activity = await Activity.create(kind=kind, contact_id=contact_id, document_id=document_id, person_id=person_id,
                                     detail=detail)
    if kind in EMAILED:
        await queue_activity_email(activity)
    return activity_event(activity)


async def record_online_payment(contact_id: int, person_id: int | None, paid: list[tuple[int, int]],
                                currency: str) -> list[Event]:
    """A card payment by a client: one "paid" row per invoice it paid, and one email for the whole payment.

    `paid` lists (invoice id, cents applied to it). Call inside the transaction that records the payment; publish
    the returned events after the commit.
    """
    with formats.reading(formats.DEFAULT_LANGUAGE):  # a stored detail is data, written the same for every reader
        details = [f'Paid {money(cents, currency)} by card' for _document, cents in paid]
    rows = [await Activity.create(kind=ActivityKind.PAID, contact_id=contact_id, document_id=document_id,
                                  person_id=person_id, detail=detail)
            for (document_id, _cents), detail in zip(paid, details, strict=True)]
    if rows:
        await queue_payment_email(contact_id, person_id, paid, currency)
    return [activity_event(row) for row in rows]


@dataclass(frozen=True)
class Bell:
    """A staff user's notifications: how much client activity they have not read, and the latest of it."""
    unread: int  # counted up to BELL_CAP + 1
    rows: list[ActivityRow]
    last_read_id: int

    def is_unread(self, row: ActivityRow) -> bool:
        return row.id > self.last_read_id

    @property
    def newest_id(self) -> int:
        return self.rows[0].id if self.rows else self.last_read_id

    @property
    def count_text(self) -> str:
        return f'{BELL_CAP}+' if self.unread > BELL_CAP else str(self.unread)


async def activity_bell(actor: StaffActor, *, rows: bool = True) -> Bell:
    """The unread count, and with `rows` the latest activity (the bell's list is only loaded when opened)."""
    await sessions.check(actor)
    read = cast(list[int], await StaffUser.filter(id=actor.staff_id).values_list('last_read_activity_id', flat=True))
    last_read = read[0] if read else 0
    unread = await Activity.filter(id__gt=last_read).order_by('-id').limit(BELL_CAP + 1).values_list('id', flat=True)
    latest = await recent_activity(BELL_ROWS) if rows and (unread or last_read) else []
    return Bell(len(unread), latest, last_read)


async def mark_activity_read(actor: StaffActor, up_to_id: int) -> None:
    """Mark everything up to `up_to_id` (the newest the person saw) as read, for this staff user only."""
    await sessions.check(actor)
    newest = cast(list[int], await Activity.all().order_by('-id').limit(1).values_list('id', flat=True))
    up_to_id = min(int(up_to_id), newest[0] if newest else 0)
    changed = await StaffUser.filter(id=actor.staff_id, last_read_activity_id__lt=up_to_id) \
        .update(last_read_activity_id=up_to_id)
    if changed:
        await publish(Event(EventKind.ACTIVITY_READ, data={'staff_id': actor.staff_id}))


async def recent_activity(limit: int = RECENT_ACTIVITY) -> list[ActivityRow]:
    rows = await Activity.all().order_by('-id').limit(limit).values(
        'id', 'kind', 'detail', 'created_at', 'contact_id', 'contact__display_name', 'document_id',
        'document__kind', 'document__number', 'person__first_name', 'person__last_name', 'person__email')
    return [ActivityRow(
        id=row['id'], kind=row['kind'], contact_id=row['contact_id'], contact_name=row['contact__display_name'],
        person_name=(f'{row["person__first_name"] or ""} {row["person__last_name"] or ""}'.strip()
                     or row['person__email'] or ''),
        document_id=row['document_id'], document_kind=row['document__kind'] or '',
        document_number=row['document__number'] or '', detail=row['detail'], created_at=row['created_at'],
    ) for row in rows]
