"""What staff see while matching: the credits still to handle with the invoice suggested for each, and the open
invoices to choose another from."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F, Q

from domain import sessions
from domain.actors import StaffActor
from domain.models import BankLine, Document, DocumentKind
from domain.payments.ledger import PAYABLE

INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
MAX_SHOWN = 500


@dataclass(frozen=True)
class InvoiceChoice:
    id: int
    number: str
    contact_name: str
    balance: int
    currency: str


@dataclass(frozen=True)
class LineView:
    id: int
    booked_on: date
    amount: int
    currency: str
    payer: str
    remittance: str
    reference: str
    basis: str  # reference | number | amount_name | ''
    suggested: InvoiceChoice | None


async def _choices(ids: set[int]) -> dict[int, InvoiceChoice]:
    if not ids:
        return {}
    rows = await Document.filter(id__in=list(ids), status__in=PAYABLE, amount_paid__lt=F('total')).values(
        'id', 'number', 'contact__display_name', 'total', 'amount_paid', 'currency')
    return {r['id']: InvoiceChoice(r['id'], r['number'], r['contact__display_name'] or '',
                                   r['total'] - r['amount_paid'], r['currency']) for r in rows}


async def open_lines(actor: StaffActor) -> list[LineView]:
    """The credits not handled yet, oldest first; a suggestion that was meanwhile paid is no longer offered."""
    await sessions.check(actor)
    lines = await BankLine.filter(status='open').order_by('booked_on', 'id').limit(MAX_SHOWN)
    choices = await _choices({line.suggested_id for line in lines if line.suggested_id})
    return [LineView(line.id, line.booked_on, line.amount, line.currency, line.payer, line.remittance, line.reference,
                     line.basis if line.suggested_id in choices else '', choices.get(line.suggested_id or 0))
            for line in lines]


async def count_open(actor: StaffActor) -> int:
    await sessions.check(actor)
    return await BankLine.filter(status='open').count()


async def find_invoices(actor: StaffActor, text: str, currency: str) -> list[InvoiceChoice]:
    """Open invoices in `currency` whose number or client name holds `text` (at most 20)."""
    await sessions.check(actor)
    typed = ' '.join(str(text or '').split())[:100]
    query = Document.filter(kind__in=INVOICE_KINDS, status__in=PAYABLE, amount_paid__lt=F('total'),
                            currency=currency)
    if typed:
        query = query.filter(Q(number__icontains=typed) | Q(contact__display_name__icontains=typed))
    rows = await query.order_by('due_date', 'id').limit(20).values(
        'id', 'number', 'contact__display_name', 'total', 'amount_paid', 'currency')
    return [InvoiceChoice(r['id'], r['number'], r['contact__display_name'] or '', r['total'] - r['amount_paid'],
                          r['currency']) for r in rows]
