"""A portal person uses their company's credit in Pay Now: on the invoices chosen (one, or all outstanding), oldest
due first, up to what they owe; the rest is then paid by card as usual (domain/payments/online.py), or nothing is
left and they are paid entirely with credit. Only the person's own invoices that are open for online payment now."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.transactions import in_transaction

from domain import clock, sessions
from domain.activity.log import activity_event
from domain.actors import PortalActor
from domain.business import profile as business
from domain.errors import Conflict
from domain.events import Event, EventKind, publish
from domain.formats import _, money, plain_amount, reading
from domain.models import Activity, ActivityKind
from domain.payments.credit import available_credit, use_credit_for
from domain.payments.online import IN_FLIGHT
from domain.payments.options import chosen_invoices, payable
from domain.payments.rules import plan_charge


@dataclass(frozen=True)
class CreditUsed:
    used: int  # credit applied now
    rest: int  # what is left to pay of the choice, by card
    currency: str
    still_owing: tuple[int, ...] = ()  # the invoices chosen that the credit did not pay in full

    @property
    def rest_text(self) -> str:
        """The rest as the amount field of a partial payment takes it."""
        return plain_amount(self.rest, self.currency)


async def pay_with_credit(actor: PortalActor, invoice_ids: list[int], amount_text: str = '') -> CreditUsed:
    """Apply the person's company's credit to the invoices chosen (and the amount typed, where the invoice allows
    paying part of it). Refused when there is no credit in their currency or a card payment of them is running."""
    await sessions.check(actor)
    documents = await chosen_invoices(actor, invoice_ids)
    plan = plan_charge([payable(d) for d in documents], amount_text)
    currency = documents[0].currency
    now = clock.now()
    for document in documents:
        if document.payment_lock and document.payment_lock_until and document.payment_lock_until > now:
            raise Conflict(_(IN_FLIGHT).format(number=document.number))
    credit = (await available_credit(actor.contact_id)).get(currency, 0)
    if credit <= 0:
        raise Conflict(_('There is no credit to use in {currency}.').format(currency=currency))
    wanted: list[tuple[int, int]] = []
    left = credit
    for invoice_id, amount in plan:
        if left and amount:
            wanted.append((invoice_id, min(left, amount)))
            left -= wanted[-1][1]
    used = sum(amount for _invoice_id, amount in wanted)
    today = await business.today()
    async with in_transaction():
        notes = await use_credit_for(actor.contact_id, currency, wanted, today, by=actor)
        with reading('en'):  # a stored detail is data, written the same for every reader
            rows = [await Activity.create(kind=ActivityKind.PAID, contact_id=actor.contact_id, document_id=invoice_id,
                                          person_id=actor.person_id,
                                          detail=f'Paid {money(amount, currency)} with credit')
                    for invoice_id, amount in wanted]
    await publish(Event(EventKind.PAYMENT_RECORDED, None, actor.contact_id, {'credit': used}),
                  *(Event(EventKind.DOCUMENT_STATUS, document_id, actor.contact_id,
                          {'activity': ActivityKind.PAID.value})
                    for document_id in [*(invoice_id for invoice_id, _amount in wanted), *notes]),
                  *(activity_event(row) for row in rows))
    covered = dict(wanted)
    return CreditUsed(used, sum(amount for _invoice_id, amount in plan) - used, currency,
                      tuple(invoice_id for invoice_id, amount in plan if covered.get(invoice_id, 0) < amount))
