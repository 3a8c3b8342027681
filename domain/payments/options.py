"""What the Pay Now dialog may offer, and the check of what the browser chose: only the person's own invoices that
are open for online payment now, refused otherwise (a missing id and another contact's look the same)."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F

from domain import clock, sessions
from domain.actors import PortalActor
from domain.business import profile as business
from domain.documents.portal import INVOICE_KINDS, PAYABLE
from domain.documents.visibility import visible
from domain.errors import Conflict, Invalid, NotFound
from domain.formats import _, ngettext
from domain.models import Document, OnlinePaymentOption
from domain.payments import gateway as payment_gateway
from domain.payments.credit import available_credit
from domain.payments.customers import PaymentUnavailable, ensure_customer
from domain.payments.rules import Payable, minimum_charge
from domain.payments.saved_cards import CardView, cards_of
from domain.payments.sepa_offer import DebitOffer, debit_offer

MAX_INVOICES = 200


@dataclass(frozen=True)
class PayableInvoice:
    id: int
    number: str
    kind: str
    due_date: date | None
    balance: int
    currency: str
    allow_partial: bool
    overdue: bool
    in_progress: bool  # another payment holds its lock


@dataclass(frozen=True)
class PayOptions:
    """What the Pay Now dialog offers: the invoices, how they may be paid, and the person's saved cards."""
    invoices: list[PayableInvoice]
    not_online: int  # outstanding invoices that cannot be paid online
    cards: list[CardView]
    available: bool
    publishable_key: str
    script_url: str
    minimum: int
    credit: int = 0  # the contact's credit in the invoices' currency (domain/payments/portal_credit.py uses it)
    debit: DebitOffer | None = None  # SEPA direct debit, when the business offers it for these invoices

    @property
    def currency(self) -> str:
        return self.invoices[0].currency if self.invoices else 'USD'

    @property
    def total(self) -> int:
        return sum(invoice.balance for invoice in self.invoices)


def payable(document: Document) -> Payable:
    return Payable(document.id, document.number, document.balance, document.currency,
                   document.allow_partial_payments)


async def pay_options(actor: PortalActor, invoice_id: int | None = None, kind: str | None = None) -> PayOptions:
    """One invoice (from its page) or every outstanding invoice of a kind (from the dashboard's card for that kind:
    invoices or retainer invoices), ready for the dialog."""
    await sessions.check(actor)
    today = await business.today()
    now = clock.now()
    query = Document.filter(visible(actor.contact_id).q(), kind__in=INVOICE_KINDS, status__in=PAYABLE,
                            amount_paid__lt=F('total'))
    if invoice_id is not None:
        query = query.filter(id=invoice_id)
    if kind is not None:
        query = query.filter(kind=kind)
    documents = await query.order_by('due_date', 'issue_date', 'id')
    if invoice_id is not None and not documents:
        raise NotFound(_('This invoice is not open for payment.'))
    online = [d for d in documents if d.online_payment == OnlinePaymentOption.CARD]
    invoices = [PayableInvoice(d.id, d.number, str(d.kind), d.due_date, d.balance, d.currency,
                               d.allow_partial_payments and invoice_id is not None,
                               bool(d.due_date and d.due_date < today),
                               bool(d.payment_lock and d.payment_lock_until and d.payment_lock_until > now))
                for d in online]
    available = payment_gateway.installed()
    if available and invoices:
        try:
            await ensure_customer(actor.contact_id)
        except PaymentUnavailable:
            available = False
    processor = payment_gateway.current() if available else None
    currency = invoices[0].currency if invoices else 'USD'
    return PayOptions(invoices, len(documents) - len(online), await cards_of(actor.person_id, today), available,
                      processor.publishable_key if processor else '', processor.script_url if processor else '',
                      minimum_charge(currency), (await available_credit(actor.contact_id)).get(currency, 0),
                      await debit_offer(actor.person_id, currency) if available and invoices else None)


async def chosen_invoices(actor: PortalActor, invoice_ids: list[int]) -> list[Document]:
    """The invoices picked, all the actor's own and open for online payment now; refused otherwise."""
    try:
        ids = list(dict.fromkeys(int(value) for value in invoice_ids))
    except (TypeError, ValueError):
        raise NotFound() from None
    if not ids:
        raise Invalid.field('invoices', _('Choose at least one invoice to pay.'))
    if len(ids) > MAX_INVOICES:
        raise Invalid.field('invoices', ngettext('Pay at most {count} invoice at once.', 'Pay at most {count} invoices at once.',
                                                   MAX_INVOICES).format(count=MAX_INVOICES))
    found = {d.id: d for d in await Document.filter(visible(actor.contact_id).q(), id__in=ids, kind__in=INVOICE_KINDS)}
    if len(found) != len(ids):
        raise NotFound(_('One of these invoices could not be found. Please reload the page.'))
    documents = [found[i] for i in ids]
    for document in documents:
        if document.status not in PAYABLE or document.balance <= 0:
            raise Conflict(_('{number} is no longer open for payment. Please reload the page.').format(
                number=document.number))
        if document.online_payment != OnlinePaymentOption.CARD:
            raise Conflict(_('{number} cannot be paid online. Please pay it as agreed with the business.').format(
                number=document.number))
    return documents
