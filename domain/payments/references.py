"""Finding the invoice an incoming bank transfer pays from the RF creditor reference it quotes (ISO 11649): the
reference printed on the invoice and in its EPC QR code (domain/einvoices/transfer.py)."""
from __future__ import annotations

from dataclasses import dataclass

from domain import sessions
from domain.actors import StaffActor
from domain.documents.rules import NUMBER_PREFIX
from domain.einvoices.transfer import body_of
from domain.errors import Invalid
from domain.formats import _
from domain.models import Document
from domain.payments.offline import INVOICE_KINDS


@dataclass(frozen=True)
class ReferencedInvoice:
    contact_id: int
    invoice_id: int
    reference: str  # as it is written, compact


async def invoice_for_reference(actor: StaffActor, typed: str) -> ReferencedInvoice:
    """The invoice whose RF reference staff typed (with spaces or without), or Invalid under the field
    'reference'."""
    await sessions.check(actor)
    body = body_of(typed or '')
    if body is None:
        raise Invalid({'reference': _('This is not an RF creditor reference. It starts with RF and two check '
                                      'digits, like RF18 INV0 0001 2.')})
    numbers = [f'{prefix}-{body[len(prefix):]}' for prefix in NUMBER_PREFIX.values() if body.startswith(prefix)]
    found = await Document.filter(number__in=numbers, kind__in=INVOICE_KINDS).first() if numbers else None
    if found is None:
        raise Invalid({'reference': _('No invoice has this reference. Check it against the bank statement.')})
    return ReferencedInvoice(found.contact_id, found.id, ''.join(typed.split()).upper())
