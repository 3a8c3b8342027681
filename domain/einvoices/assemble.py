"""An invoice, retainer invoice or credit note read from the database as EN 16931 data (`model.EInvoice`).

It reads the business, the contact, the document and its lines, and checks nobody: callers check who asks first.
"""
from __future__ import annotations

from decimal import Decimal

from domain.einvoices import vat
from domain.einvoices.model import CREDIT_NOTE, KINDS, EInvoice, Line, Party, TaxGroup, Transfer
from domain.einvoices.transfer import creditor_reference
from domain.errors import NotFound
from domain.formats import decimals
from domain.models import Business, Contact, ContactPerson, Document, DocumentLine


def first_line(address: str) -> str:
    """The street of an address written on several lines: its first line."""
    return next((line.strip() for line in address.splitlines() if line.strip()), '')


def seller_of(business: Business | None) -> Party:
    if business is None:
        return Party('', '', '', '', '')
    return Party(name=business.name, street=first_line(business.address), postcode=business.postcode,
                 city=business.city, country=business.country, vat_id=business.vat_id,
                 tax_number=business.tax_number, registration_id=business.registration_id,
                 legal_name=business.legal_name or business.name,
                 email=business.email, phone=business.phone, contact_name=business.name)


def buyer_of(contact: Contact, person: ContactPerson | None) -> Party:
    return Party(name=contact.company_name or contact.display_name, street=first_line(contact.billing_address),
                 postcode=contact.postcode, city=contact.city, country=contact.country, vat_id=contact.vat_id,
                 email=(person.email if person else '') or contact.email, phone=contact.phone,
                 contact_name=person.name if person else '')


def lines_of(rows: list[DocumentLine]) -> list[Line]:
    return [Line(position=index, name=row.name, description=row.description, quantity=Decimal(row.quantity),
                 unit=row.unit or 'C62', price=row.rate, amount=row.amount, tax=row.tax_amount,
                 category=vat.category_of(row.vat_category, Decimal(row.tax_percent)),
                 tax_percent=Decimal(row.tax_percent),
                 exemption_reason=vat.reason_for(vat.category_of(row.vat_category, Decimal(row.tax_percent)),
                                                 row.exemption_reason))
            for index, row in enumerate(rows, start=1)]


def tax_groups(lines: list[Line]) -> list[TaxGroup]:
    """One group per category and rate: its lines' net amounts and their taxes as each line rounded it (so the
    groups add up to the document's tax total to the cent)."""
    groups: dict[tuple[str, Decimal], list[int]] = {}
    reasons: dict[tuple[str, Decimal], str] = {}
    for line in lines:
        key = (line.category, line.tax_percent)
        basis_tax = groups.setdefault(key, [0, 0])
        basis_tax[0] += line.amount
        basis_tax[1] += line.tax
        reasons.setdefault(key, line.exemption_reason)
    return [TaxGroup(category, percent, basis, tax, reasons[(category, percent)] if category != vat.STANDARD else '')
            for (category, percent), (basis, tax) in groups.items()]


async def load(document_id: int) -> EInvoice:
    """The e-invoice of an invoice, retainer invoice or credit note (NotFound for an estimate)."""
    document = await Document.get_or_none(id=document_id).select_related('contact', 'source')
    if document is None or document.kind not in KINDS:
        raise NotFound()
    contact: Contact = document.contact
    business = await Business.first()
    person = await ContactPerson.filter(contact_id=contact.id).order_by('-is_primary', 'id').first()
    rows = await DocumentLine.filter(document_id=document.id).order_by('position', 'id')
    lines = lines_of(list(rows))
    source = document.source
    seller = seller_of(business)
    transfer = None
    if business is not None and business.iban:
        transfer = Transfer(business.iban, business.bic, business.legal_name or business.name,
                            creditor_reference(document.number))
    period = (document.period_start, document.period_end) \
        if document.period_start and document.period_end else None
    return EInvoice(
        kind=document.kind, number=document.number, issue_date=document.issue_date, due_date=document.due_date,
        currency=document.currency, decimals=decimals(document.currency), seller=seller,
        buyer=buyer_of(contact, person), buyer_reference=contact.buyer_reference or document.number,
        lines=lines, taxes=tax_groups(lines), subtotal=document.subtotal, tax_total=document.tax_total,
        total=document.total, paid=document.amount_paid, delivery_date=document.delivery_date, period=period,
        transfer=transfer, payment_terms=document.terms.strip()[:500],
        notes=[document.notes.strip()] if document.notes.strip() else [],
        order_reference=document.reference,
        preceding=(source.number, source.issue_date)
        if document.kind == CREDIT_NOTE and source is not None else None,
    )
