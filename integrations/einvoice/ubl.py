"""The Peppol BIS Billing 3.0 UBL XML of an e-invoice, written with lxml: an Invoice, or a CreditNote for a
credit note (whose lines are CreditNoteLine with CreditedQuantity)."""
from __future__ import annotations

from decimal import Decimal

from lxml import etree

from domain.einvoices import vat
from domain.einvoices.model import CREDIT_NOTE, PEPPOL, PEPPOL_PROFILE, EInvoice, Party

CAC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonAggregateComponents-2'
CBC = 'urn:oasis:names:specification:ubl:schema:xsd:CommonBasicComponents-2'
ROOTS = {'invoice': 'urn:oasis:names:specification:ubl:schema:xsd:Invoice-2',
         CREDIT_NOTE: 'urn:oasis:names:specification:ubl:schema:xsd:CreditNote-2'}


def _cbc(parent: etree._Element, name: str, value: object, **attributes: str) -> etree._Element:
    element = etree.SubElement(parent, f'{{{CBC}}}{name}', attributes)
    element.text = str(value)
    return element


def _cac(parent: etree._Element, name: str) -> etree._Element:
    return etree.SubElement(parent, f'{{{CAC}}}{name}')


def ubl_xml(invoice: EInvoice) -> bytes:
    credit = invoice.kind == CREDIT_NOTE
    namespace = ROOTS[CREDIT_NOTE if credit else 'invoice']
    root = etree.Element(f'{{{namespace}}}{"CreditNote" if credit else "Invoice"}',
                         nsmap={None: namespace, 'cac': CAC, 'cbc': CBC})
    _cbc(root, 'CustomizationID', PEPPOL)
    _cbc(root, 'ProfileID', PEPPOL_PROFILE)
    _cbc(root, 'ID', invoice.number)
    _cbc(root, 'IssueDate', invoice.issue_date.isoformat())
    if invoice.due_date and not credit:
        _cbc(root, 'DueDate', invoice.due_date.isoformat())
    _cbc(root, 'CreditNoteTypeCode' if credit else 'InvoiceTypeCode', invoice.type_code)
    for note in invoice.notes:
        _cbc(root, 'Note', note)
    _cbc(root, 'DocumentCurrencyCode', invoice.currency)
    _cbc(root, 'BuyerReference', invoice.buyer_reference)
    if invoice.period is not None:
        period = _cac(root, 'InvoicePeriod')
        _cbc(period, 'StartDate', invoice.period[0].isoformat())
        _cbc(period, 'EndDate', invoice.period[1].isoformat())
    if invoice.order_reference:
        _cbc(_cac(root, 'OrderReference'), 'ID', invoice.order_reference[:100])
    if invoice.preceding is not None:
        reference = _cac(_cac(root, 'BillingReference'), 'InvoiceDocumentReference')
        _cbc(reference, 'ID', invoice.preceding[0])
        if invoice.preceding[1] is not None:
            _cbc(reference, 'IssueDate', invoice.preceding[1].isoformat())
    _party(_cac(root, 'AccountingSupplierParty'), invoice.seller, seller=True)
    _party(_cac(root, 'AccountingCustomerParty'), invoice.buyer, seller=False)
    intra_community = any(line.category == vat.INTRA_COMMUNITY for line in invoice.lines)
    if invoice.delivery_date or intra_community:
        delivery = _cac(root, 'Delivery')
        if invoice.delivery_date:
            _cbc(delivery, 'ActualDeliveryDate', invoice.delivery_date.isoformat())
        if intra_community:  # where it goes (BR-IC-12)
            _address(_cac(_cac(delivery, 'DeliveryLocation'), 'Address'), invoice.buyer)
    means = _cac(root, 'PaymentMeans')
    if invoice.transfer is not None:
        _cbc(means, 'PaymentMeansCode', '58' if invoice.currency == 'EUR' else '30')
        _cbc(means, 'PaymentID', invoice.transfer.reference)
        account = _cac(means, 'PayeeFinancialAccount')
        _cbc(account, 'ID', invoice.transfer.iban)
        _cbc(account, 'Name', invoice.transfer.account_name)
        if invoice.transfer.bic:
            _cbc(_cac(account, 'FinancialInstitutionBranch'), 'ID', invoice.transfer.bic)
    else:
        _cbc(means, 'PaymentMeansCode', 'ZZZ')
        _cbc(means, 'PaymentID', invoice.number)
    if invoice.payment_terms:
        _cbc(_cac(root, 'PaymentTerms'), 'Note', invoice.payment_terms)
    amount = {'currencyID': invoice.currency}
    tax_total = _cac(root, 'TaxTotal')
    _cbc(tax_total, 'TaxAmount', invoice.amount(invoice.tax_total), **amount)
    for group in invoice.taxes:
        subtotal = _cac(tax_total, 'TaxSubtotal')
        _cbc(subtotal, 'TaxableAmount', invoice.amount(group.basis), **amount)
        _cbc(subtotal, 'TaxAmount', invoice.amount(group.tax), **amount)
        category = _cac(subtotal, 'TaxCategory')
        _cbc(category, 'ID', group.category)
        _cbc(category, 'Percent', _percent(group.tax_percent))
        if group.category not in {vat.STANDARD, vat.ZERO}:
            if group.category in vat.EXEMPTION_CODES:
                _cbc(category, 'TaxExemptionReasonCode', vat.EXEMPTION_CODES[group.category])
            _cbc(category, 'TaxExemptionReason', group.exemption_reason)
        _cbc(_cac(category, 'TaxScheme'), 'ID', 'VAT')
    totals = _cac(root, 'LegalMonetaryTotal')
    _cbc(totals, 'LineExtensionAmount', invoice.amount(invoice.subtotal), **amount)
    _cbc(totals, 'TaxExclusiveAmount', invoice.amount(invoice.subtotal), **amount)
    _cbc(totals, 'TaxInclusiveAmount', invoice.amount(invoice.total), **amount)
    if invoice.paid:
        _cbc(totals, 'PrepaidAmount', invoice.amount(invoice.paid), **amount)
    _cbc(totals, 'PayableAmount', invoice.amount(invoice.due), **amount)
    for line in invoice.lines:
        row = _cac(root, 'CreditNoteLine' if credit else 'InvoiceLine')
        _cbc(row, 'ID', line.position)
        _cbc(row, 'CreditedQuantity' if credit else 'InvoicedQuantity', line.quantity.normalize()
             if line.quantity == line.quantity.to_integral() else line.quantity, unitCode=line.unit)
        _cbc(row, 'LineExtensionAmount', invoice.amount(line.amount), **amount)
        item = _cac(row, 'Item')
        if line.description.strip():
            _cbc(item, 'Description', line.description.strip())
        _cbc(item, 'Name', line.name)
        category = _cac(item, 'ClassifiedTaxCategory')
        _cbc(category, 'ID', line.category)
        _cbc(category, 'Percent', _percent(line.tax_percent))
        _cbc(_cac(category, 'TaxScheme'), 'ID', 'VAT')
        _cbc(_cac(row, 'Price'), 'PriceAmount', invoice.amount(line.price), **amount)
    return etree.tostring(root, xml_declaration=True, encoding='UTF-8', pretty_print=True)


def _percent(value: Decimal) -> str:
    return str(value.quantize(Decimal('0.01')))


def _address(address: etree._Element, party: Party) -> None:
    if party.street:
        _cbc(address, 'StreetName', party.street)
    if party.city:
        _cbc(address, 'CityName', party.city)
    if party.postcode:
        _cbc(address, 'PostalZone', party.postcode)
    _cbc(_cac(address, 'Country'), 'IdentificationCode', party.country)


def _party(parent: etree._Element, party: Party, *, seller: bool) -> None:
    target = _cac(parent, 'Party')
    if party.email:
        _cbc(target, 'EndpointID', party.email, schemeID='EM')
    _cbc(_cac(target, 'PartyName'), 'Name', party.name)
    _address(_cac(target, 'PostalAddress'), party)
    if party.vat_id:
        scheme = _cac(target, 'PartyTaxScheme')
        _cbc(scheme, 'CompanyID', party.vat_id)
        _cbc(_cac(scheme, 'TaxScheme'), 'ID', 'VAT')
    if seller and party.tax_number:
        scheme = _cac(target, 'PartyTaxScheme')
        _cbc(scheme, 'CompanyID', party.tax_number)
        _cbc(_cac(scheme, 'TaxScheme'), 'ID', 'TAX')
    legal = _cac(target, 'PartyLegalEntity')
    _cbc(legal, 'RegistrationName', party.legal_name or party.name)
    if party.registration_id:
        _cbc(legal, 'CompanyID', party.registration_id)
    if party.contact_name or party.phone or party.email:
        contact = _cac(target, 'Contact')
        if party.contact_name:
            _cbc(contact, 'Name', party.contact_name)
        if party.phone:
            _cbc(contact, 'Telephone', party.phone)
        if party.email:
            _cbc(contact, 'ElectronicMail', party.email)
