"""What staff see of an invoice's automatic charge attempts: when, how much, which card, and how each ended."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from domain import sessions
from domain.actors import StaffActor
from domain.errors import NotFound
from domain.form_input import require_id
from domain.formats import N_, _
from domain.models import AutomaticCharge
from domain.payments.automatic.rules import CHARGING, DECLINED, NEEDS_ACTION, PAID, PROCESSING, STOPPED, UNAVAILABLE

OUTCOMES = {
    CHARGING: N_('charging'),
    PAID: N_('paid'),
    DECLINED: N_('declined, tried again later'),
    STOPPED: N_('declined, not tried again'),
    NEEDS_ACTION: N_('the bank asked the client to authenticate: emailed a link to pay'),
    UNAVAILABLE: N_('the card processor could not be reached'),
    PROCESSING: N_('processing'),
}


@dataclass(frozen=True)
class ChargeAttempt:
    number: int
    on: date
    amount: int
    currency: str
    card: str
    status: str
    outcome: str  # in the reader's language
    message: str  # the processor's reason, as it gave it


async def attempts_of(actor: StaffActor, document_id: int | str) -> list[ChargeAttempt]:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    await sessions.check(actor)
    found = await AutomaticCharge.filter(document_id=require_id(document_id)).order_by('attempt')
    return [ChargeAttempt(a.attempt, a.attempted_on, a.amount, a.currency, a.card_label, a.status,
                          _(OUTCOMES.get(a.status, a.status)), a.message if a.status in (DECLINED, STOPPED) else '')
            for a in found]
