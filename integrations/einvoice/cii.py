"""The CII XML (UN/CEFACT Cross Industry Invoice D16B) of an e-invoice, written with drafthorse: the Factur-X
EN 16931 profile that goes inside the PDF, or XRechnung 3.0. The two differ only in the guideline they name (BT-24).
"""
from __future__ import annotations

from decimal import Decimal

from drafthorse.models.accounting import ApplicableTradeTax
from drafthorse.models.document import Document
from drafthorse.models.note import IncludedNote
from drafthorse.models.party import TaxRegistration
from drafthorse.models.payment import PaymentMeans, PaymentTerms
from drafthorse.models.tradelines import LineItem

from domain.einvoices import vat
from domain.einvoices.model import EN16931, XRECHNUNG, EInvoice, Party

QUANTITY = Decimal('0.0001')


def cii_xml(invoice: EInvoice, *, xrechnung: bool = False) -> bytes:
    document = Document()
    document.context.guideline_parameter.id = XRECHNUNG if xrechnung else EN16931
    document.header.id = invoice.number
    document.header.type_code = invoice.type_code
    document.header.issue_date_time = invoice.issue_date
    for text in invoice.notes:
        note = IncludedNote()
        note.content = text
        document.header.notes.add(note)

    trade = document.trade
    trade.agreement.buyer_reference = invoice.buyer_reference
    _party(trade.agreement.seller, invoice.seller, seller=True)
    _party(trade.agreement.buyer, invoice.buyer, seller=False)
    if invoice.order_reference:
        trade.agreement.buyer_order.issuer_assigned_id = invoice.order_reference[:100]
    if invoice.delivery_date:
        trade.delivery.event.occurrence = invoice.delivery_date
    if any(line.category == vat.INTRA_COMMUNITY for line in invoice.lines):  # where it goes (BR-IC-12)
        trade.delivery.ship_to.name = invoice.buyer.name
        _address(trade.delivery.ship_to.address, invoice.buyer)

    settlement = trade.settlement
    settlement.currency_code = invoice.currency
    if invoice.transfer is not None:
        settlement.payment_reference = invoice.transfer.reference
        means = PaymentMeans()
        means.type_code = '58' if invoice.currency == 'EUR' else '30'
        means.payee_account.iban = invoice.transfer.iban
        means.payee_account.account_name = invoice.transfer.account_name
        if invoice.transfer.bic:
            means.payee_institution.bic = invoice.transfer.bic
        settlement.payment_means.add(means)
    else:
        settlement.payment_reference = invoice.number
        means = PaymentMeans()
        means.type_code = 'ZZZ'
        settlement.payment_means.add(means)
    if invoice.period is not None:
        settlement.period.start, settlement.period.end = invoice.period
    for group in invoice.taxes:
        tax = ApplicableTradeTax()
        tax.calculated_amount = invoice.amount(group.tax)
        tax.type_code = 'VAT'
        if group.category not in (vat.STANDARD, vat.ZERO):
            tax.exemption_reason = group.exemption_reason
            if group.category in vat.EXEMPTION_CODES:
                tax.exemption_reason_code = vat.EXEMPTION_CODES[group.category]
        tax.basis_amount = invoice.amount(group.basis)
        tax.category_code = group.category
        tax.rate_applicable_percent = group.tax_percent.quantize(Decimal('0.01'))
        settlement.trade_tax.add(tax)
    if invoice.due_date or invoice.payment_terms:
        terms = PaymentTerms()
        if invoice.payment_terms:
            terms.description = invoice.payment_terms
        if invoice.due_date:
            terms.due = invoice.due_date
        settlement.terms.add(terms)
    if invoice.preceding is not None:
        number, issued = invoice.preceding
        settlement.invoice_referenced_document.issuer_assigned_id = number
        if issued is not None:
            settlement.invoice_referenced_document.issue_date_time = issued
    totals = settlement.monetary_summation
    totals.line_total = invoice.amount(invoice.subtotal)
    totals.tax_basis_total = invoice.amount(invoice.subtotal)
    totals.tax_total = (invoice.amount(invoice.tax_total), invoice.currency)
    totals.grand_total = invoice.amount(invoice.total)
    if invoice.paid:
        totals.prepaid_total = invoice.amount(invoice.paid)
    totals.due_amount = invoice.amount(invoice.due)

    for line in invoice.lines:
        item = LineItem()
        item.document.line_id = str(line.position)
        item.product.name = line.name
        if line.description.strip():
            item.product.description = line.description.strip()
        item.agreement.net.amount = invoice.amount(line.price)
        item.delivery.billed_quantity = (line.quantity.quantize(QUANTITY), line.unit)
        item.settlement.trade_tax.type_code = 'VAT'
        item.settlement.trade_tax.category_code = line.category
        item.settlement.trade_tax.rate_applicable_percent = line.tax_percent.quantize(Decimal('0.01'))
        item.settlement.monetary_summation.total_amount = invoice.amount(line.amount)
        trade.items.add(item)
    return document.serialize(schema=None)  # checks.py validates it, with the schema parsed once per process


def _address(address, party: Party) -> None:
    if party.postcode:
        address.postcode = party.postcode
    if party.street:
        address.line_one = party.street
    if party.city:
        address.city_name = party.city
    address.country_id = party.country


def _party(target, party: Party, *, seller: bool) -> None:
    target.name = party.name
    if seller and party.legal_name and party.legal_name != party.name:
        target.legal_organization.trade_name = party.name
        target.name = party.legal_name
    if party.registration_id:
        target.legal_organization.id = ('', party.registration_id)
    if party.contact_name or party.email or party.phone:
        target.contact.person_name = party.contact_name
        if party.phone:
            target.contact.telephone.number = party.phone
        if party.email:
            target.contact.email.address = party.email
    _address(target.address, party)
    if party.email:
        target.electronic_address.uri_ID = ('EM', party.email)
    if party.tax_number and seller:
        target.tax_registrations.add(TaxRegistration(id=('FC', party.tax_number)))
    if party.vat_id:
        target.tax_registrations.add(TaxRegistration(id=('VA', party.vat_id)))
