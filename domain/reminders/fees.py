"""Late fees: each is an invoice of its own for the contact, made in the reminder's transaction (an invoice the client
has seen is never rewritten), and a `LateFee` row that ties it to the late invoice and the level, unique on both.
Being an invoice, it counts in balances, statements, ageing, charts and the stored balances like any other. Staff may
waive one that nothing has been paid on: its invoice becomes void, and who did it, when and why are kept."""
from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, sessions
from domain.actors import StaffActor
from domain.balances.store import hold, settle
from domain.documents.writing import LineSpec, create_document
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.formats import _, money, reading
from domain.models import Contact, Document, DocumentKind, InvoiceStatus, LateFee

MAX_REASON = 1000


async def add_late_fee(invoice: Document, contact: Contact, *, days: int, level: int, amount: int, today: date, now: datetime,
                       language: str) -> Document:
    """The late-fee invoice for `invoice` at the level on `days`, sent and due today; call inside the reminder's
    transaction (a second fee for the same invoice and level breaks the unique key, and the whole unit with it).
    Its line is written in `language`, the contact's primary person's."""
    with reading(language):
        line = LineSpec(name=_('Late fee'), quantity=Decimal(1), rate=amount,
                        description=_('Invoice {number} was not paid by its due date (reminder {level}).').format(
                            number=invoice.number, level=level))
        notes = _('Late fee for invoice {number}.').format(number=invoice.number)
    fee = await create_document(DocumentKind.INVOICE, contact, InvoiceStatus.SENT, today, [line],
                                due_date=today, sent_at=now, notes=notes, online_payment=invoice.online_payment,
                                delivery_date=today)  # what its e-invoice says was supplied, and when
    await LateFee.create(invoice_id=invoice.id, document_id=fee.id, days=days, amount=amount)
    await audit.record(audit.SYSTEM, audit.Action.LATE_FEE_ADDED, on=fee, after=audit.snapshot(fee, 'total'),
                       note=invoice.number)
    return fee


async def waive_late_fee(actor: StaffActor, fee_invoice_id: int, reason: str) -> None:
    """Void a late-fee invoice nothing has been paid on, keeping who waived it, when and why."""
    await sessions.check(actor)
    try:
        reason = form_input.text(reason, limit=MAX_REASON, multiline=True,
                                 required=_('Say why the fee is waived, for example "first time late".'))
    except ValueError as error:
        raise Invalid.field('reason', str(error)) from None
    async with in_transaction():
        fee = await LateFee.get_or_none(document_id=fee_invoice_id)
        if fee is None:
            raise NotFound(_('This invoice is not a late fee.'))
        if fee.waived_at is not None:
            raise Conflict(_('This late fee has been waived already.'))
        held = await hold([fee_invoice_id])
        document = await Document.get(id=fee_invoice_id)
        if document.amount_paid:
            raise Conflict(_('{amount} has been paid on this late fee, so it cannot be waived. Remove the payment '
                             'first.').format(amount=money(document.amount_paid, document.currency)))
        voided = await Document.filter(id=fee_invoice_id, status__in=[InvoiceStatus.SENT], amount_paid=0) \
            .update(status=InvoiceStatus.VOID)
        if voided != 1:
            raise Conflict(_('This late fee changed in the meantime. Please reload the page.'))
        await LateFee.filter(id=fee.id).update(waived_at=clock.now(), waived_by_id=actor.staff_id,
                                               waived_by_name=actor.name or actor.email, waive_reason=reason)
        await audit.record(actor, audit.Action.LATE_FEE_WAIVED, on=document, changed='status', note=reason)
        await settle(held)
    await publish(Event(EventKind.DOCUMENT_STATUS, fee_invoice_id, document.contact_id, data={'status': 'void'}),
                  Event(EventKind.DOCUMENT_STATUS, fee.invoice_id, document.contact_id))

