"""How an automatic attempt ended, written with its audit row: by the job for what the processor answered at once
(charging.py), and by `recording.settle` for a SEPA debit, whose outcome the bank gives days later through the
webhook: paid, or returned and then tried again on the schedule unless the failure is final (rules.py). Only an
attempt still open takes the webhook's word, so a repeated or late webhook changes nothing: `processing`, or still
`charging` when the webhook came before the job wrote down that the debit was submitted (the job then leaves it)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import cast

from tortoise.transactions import in_transaction

from domain import audit
from domain.events import Event, EventKind, publish
from domain.models import AutomaticCharge, Document
from domain.payments.automatic.rules import CHARGING, DECLINED, PAID, PROCESSING, STOPPED, is_hard_decline, retry_on

OPEN_ATTEMPT = (CHARGING, PROCESSING)


@dataclass(frozen=True)
class Returned:
    """An automatic debit the bank returned: when it is tried again (None: not again)."""
    retry_on: date | None


async def record_attempt(attempt: AutomaticCharge, status: str, code: str = '') -> None:
    """The audit row of an attempt's outcome, written inside the caller's transaction."""
    found = cast(list[str], await Document.filter(id=attempt.document_id).values_list('number', flat=True))
    await audit.record(audit.SYSTEM, audit.Action.AUTOPAY_CHARGE, document_id=attempt.document_id,
                       contact_id=attempt.contact_id, label=found[0] if found else '',
                       after={'': attempt.currency, 'amount': attempt.amount, 'status': status, 'decline_code': code},
                       note=f'{attempt.card_label}, attempt {attempt.attempt}')


async def next_try(attempt: AutomaticCharge) -> date | None:
    """After this attempt's decline, the day of the next try under the same consent (None: no more)."""
    mine = await AutomaticCharge.filter(document_id=attempt.document_id, consent_id=attempt.consent_id) \
        .order_by('attempt').values('attempted_on', 'status')
    declines = sum(1 for row in mine if row['status'] == DECLINED)
    return retry_on(mine[0]['attempted_on'], declines) if mine else None


def _event(attempt: AutomaticCharge, status: str) -> Event:
    return Event(EventKind.AUTOMATIC_PAYMENT, attempt.document_id, attempt.contact_id,
                 {'attempt': attempt.attempt, 'status': status})


async def debit_paid(online_payment_id: int) -> list[Event]:
    """The bank paid an automatic debit: inside the transaction that records the payment, which publishes the
    events after its commit."""
    events = []
    for attempt in await AutomaticCharge.filter(online_payment_id=online_payment_id, status__in=OPEN_ATTEMPT):
        if await AutomaticCharge.filter(id=attempt.id, status=attempt.status).update(status=PAID):
            await record_attempt(attempt, PAID)
            events.append(_event(attempt, PAID))
    return events


async def debit_returned(online_payment_id: int, code: str, message: str) -> Returned | None:
    """The bank returned a debit: if it was automatic, the attempt is declined (tried again on schedule) or stopped
    (a final failure); None when it was not automatic or was answered already."""
    attempt = await AutomaticCharge.get_or_none(online_payment_id=online_payment_id, status__in=OPEN_ATTEMPT)
    if attempt is None:
        return None
    status = STOPPED if is_hard_decline(code) else DECLINED
    async with in_transaction():
        if not await AutomaticCharge.filter(id=attempt.id, status=attempt.status).update(
                status=status, decline_code=code[:60], message=message):
            return None
        await record_attempt(attempt, status, code)
    await publish(_event(attempt, status))
    return Returned(await next_try(attempt) if status == DECLINED else None)
