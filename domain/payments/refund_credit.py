"""Credit paid back outside the portal (by bank transfer, cash, cheque): staff record it, and the contact's credit
shrinks by it, oldest credit first, with one refund line per credit note or payment it came from."""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.balances.store import hold, refund_added, settle
from domain.business import profile as business
from domain.documents.credit_notes import use_credit_note
from domain.documents.rules import parse_day, parse_money
from domain.errors import Conflict, Invalid, NotFound
from domain.form_input import require_id
from domain.formats import _, money
from domain.models import Contact, Payment, PaymentMode, Refund
from domain.payments.credit import available_credit, credit_sources
from domain.payments.refunds import publish_refund, queue_refund_mail

REFUND_MODES = [PaymentMode.BANK_TRANSFER, PaymentMode.CASH, PaymentMode.CHEQUE, PaymentMode.OTHER]


@dataclass
class CreditRefundDraft:
    amount: str
    mode: str = PaymentMode.BANK_TRANSFER.value
    date: str = ''  # empty: today
    reference: str = ''


async def refund_credit(actor: StaffActor, contact_id: int, draft: CreditRefundDraft) -> list[int]:
    """Record credit paid back to the contact (in its currency). Every problem is reported next to its field and
    nothing changes. Returns the refunds' ids."""
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=require_id(contact_id))
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    today = await business.today()
    currency = contact.currency
    available = (await available_credit(contact.id)).get(currency, 0)
    errors: dict[str, str] = {}
    amount = 0
    try:
        amount = parse_money(draft.amount, currency, what='the amount refunded')
        if amount <= 0:
            errors['amount'] = _('The amount must be more than zero.')
        elif amount > available:
            errors['amount'] = _('That is more than the {amount} of credit available.').format(
                amount=money(available, currency))
    except ValueError as error:
        errors['amount'] = str(error)
    paid_on = today
    if draft.date.strip():
        try:
            paid_on = parse_day(draft.date, what='the refund date')
            if paid_on > today:
                errors['date'] = _('The refund date cannot be in the future.')
        except ValueError as error:
            errors['date'] = str(error)
    mode = PaymentMode(draft.mode) if draft.mode in REFUND_MODES else None
    if mode is None:
        errors['mode'] = _('Choose how the money was paid back.')
    reference = ''
    try:
        reference = form_input.text(draft.reference, limit=100)
    except ValueError as error:
        errors['reference'] = str(error)
    if errors:
        raise Invalid(errors)
    assert mode is not None
    rows: list[Refund] = []
    async with in_transaction():
        left = amount
        for source in await credit_sources(contact.id, currency):
            if not left:
                break
            take = min(left, source.left)
            if source.kind == 'credit_note':
                held = await hold([source.id])
                taken = await use_credit_note(source.id, take)
                await settle(held)
            else:
                taken = bool(await Payment.filter(id=source.id, unapplied__gte=take, refunded__lte=F('amount') - take)
                             .update(unapplied=F('unapplied') - take, refunded=F('refunded') + take))
            if not taken:
                raise Conflict(_('The credit changed in the meantime. Please reload the page.'))
            row = await Refund.create(
                contact_id=contact.id, amount=take, currency=currency, date=paid_on, mode=mode, reference=reference,
                credit_note_id=source.id if source.kind == 'credit_note' else None,
                payment_id=source.id if source.kind == 'payment' else None, recorded_by_id=actor.staff_id)
            await refund_added(row)
            await audit.record(actor, audit.Action.CREDIT_REFUNDED, on=row, document_id=row.credit_note_id,
                               after=audit.snapshot(row, 'amount', 'mode', 'date', 'reference'),
                               note=source.number or f'payment {source.id}')
            rows.append(row)
            left -= take
        if left:
            raise Conflict(_('The credit changed in the meantime. Please reload the page.'))
        total = Refund(contact_id=contact.id, amount=amount, currency=currency, date=paid_on, mode=mode)
        await queue_refund_mail(total)
    for row in rows:
        await publish_refund(row)
    return [row.id for row in rows]
