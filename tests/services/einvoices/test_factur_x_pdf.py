"""An invoice's PDF is a Factur-X PDF/A-3: the XML inside is the e-invoice the downloads give, its totals are the
PDF's, the factur-x library's own checker accepts it, and its EPC QR code pays the right amount to the right account
with the invoice's reference."""
from __future__ import annotations

import io
import re
import subprocess
import tempfile
from datetime import timedelta
from pathlib import Path

import facturx
from lxml import etree
from pypdf import PdfReader

from domain import clock
from domain.documents.views import load_document
from domain.einvoices import assemble
from domain.einvoices.model import EN16931, XRECHNUNG
from domain.einvoices.transfer import creditor_reference
from domain.formats import money
from integrations.einvoice.formats import xml_for
from integrations.pdf import document_pdf
from tests import factories
from tests.services.einvoices.conftest import german_business, german_client

RAM = {'ram': 'urn:un:unece:uncefact:data:standard:ReusableAggregateBusinessInformationEntity:100'}


async def an_invoice_pdf(**business):
    await german_business(**business)
    client = await german_client()
    document = await factories.document_with_lines(
        client, [factories.line('Wartung', '3', 12550, '19'), factories.line('Hosting', '1', 4990, '7')],
        delivery_date=clock.today() - timedelta(days=2))
    await factories.payment(client, [(document, 10000)])
    view = await load_document(document.id, clock.today())
    return document, view, await document_pdf(view)


def text_of(pdf: bytes) -> str:
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


async def test_the_xml_inside_the_pdf_is_the_factur_x_e_invoice_and_equals_the_xrechnung_download_but_its_guideline(db):
    document, _view, pdf = await an_invoice_pdf()
    name, inside = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=True)  # the library's own checker
    assert name == 'factur-x.xml'
    assert facturx.get_flavor(etree.fromstring(inside)) == 'factur-x'
    assert facturx.get_level(etree.fromstring(inside)) == 'en16931'
    invoice = await assemble.load(document.id)
    assert inside == xml_for(invoice, 'facturx')
    xrechnung = xml_for(invoice, 'xrechnung')
    # the profiles differ in the guideline they name (BT-24), and in nothing else
    assert inside.replace(EN16931.encode(), XRECHNUNG.encode()) == xrechnung


async def test_the_xml_totals_are_the_pdf_totals(db):
    document, _view, pdf = await an_invoice_pdf()
    _name, inside = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=False)
    root = etree.fromstring(inside)
    text = text_of(pdf)
    await document.refresh_from_db()
    for tag, cents in (('LineTotalAmount', document.subtotal), ('TaxTotalAmount', document.tax_total),
                       ('GrandTotalAmount', document.total), ('TotalPrepaidAmount', document.amount_paid),
                       ('DuePayableAmount', document.total - document.amount_paid)):
        value = root.findtext(f'.//ram:SpecifiedTradeSettlementHeaderMonetarySummation/ram:{tag}', namespaces=RAM)
        assert value == f'{cents / 100:.2f}', tag
        if tag != 'TaxTotalAmount':  # the PDF shows the tax per rate
            assert money(cents, 'EUR') in text, tag
    groups = root.findall('.//ram:ApplicableHeaderTradeSettlement/ram:ApplicableTradeTax', namespaces=RAM)
    assert len(groups) == 2
    for group in groups:
        rate = group.findtext('ram:RateApplicablePercent', namespaces=RAM).rstrip('0').rstrip('.')
        amount = int(group.findtext('ram:CalculatedAmount', namespaces=RAM).replace('.', ''))
        assert f'Tax ({rate}%) {money(amount, "EUR")}' in text
    assert sum(int(group.findtext('ram:CalculatedAmount', namespaces=RAM).replace('.', '')) for group in groups) \
        == document.tax_total


async def test_the_pdf_is_pdf_a_3_with_embedded_fonts_and_an_output_intent(db):
    _document, _view, pdf = await an_invoice_pdf()
    reader = PdfReader(io.BytesIO(pdf))
    root = reader.trailer['/Root']
    metadata = root['/Metadata'].get_object().get_data()
    assert b'<pdfaid:part>3</pdfaid:part>' in metadata and b'<pdfaid:conformance>B</pdfaid:conformance>' in metadata
    assert b'EN 16931' in metadata
    intent = root['/OutputIntents'][0].get_object()
    assert intent['/S'] == '/GTS_PDFA1' and len(intent['/DestOutputProfile'].get_object().get_data()) > 300
    attached = root['/AF'][0].get_object()
    assert attached['/AFRelationship'] == '/Data' and attached['/F'] == 'factur-x.xml'
    for page in reader.pages:
        for reference in page['/Resources']['/Font'].values():
            font = reference.get_object()
            descriptor = (font['/DescendantFonts'][0].get_object() if '/DescendantFonts' in font else font)
            assert '/FontFile2' in descriptor['/FontDescriptor'].get_object(), font['/BaseFont']


async def test_the_epc_qr_code_on_the_pdf_decodes_to_the_iban_the_amount_due_and_the_reference(db):
    document, view, pdf = await an_invoice_pdf()
    await document.refresh_from_db()
    due = document.total - document.amount_paid
    assert view.transfer is not None and view.transfer.amount == due
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / 'invoice.pdf').write_bytes(pdf)
        subprocess.run(['pdftoppm', '-r', '200', '-png', '-f', '1', '-l', '1', 'invoice.pdf', 'page'], cwd=folder,
                       check=True)
        image = next(Path(folder).glob('page*.png'))
        decoded = subprocess.run(['zbarimg', '--raw', '-q', str(image)], capture_output=True, text=True, check=True)
    payload = decoded.stdout.strip().split('\n')
    assert payload[:4] == ['BCD', '002', '1', 'SCT']
    assert payload[4] == 'COBADEFFXXX' and payload[6] == 'DE89370400440532013000'
    assert payload[5] == 'Werkstatt Nord'
    assert payload[7] == f'EUR{due / 100:.2f}'
    assert payload[9] == creditor_reference(document.number)
    assert creditor_reference(document.number) in text_of(pdf).replace(' ', '')


async def test_without_an_iban_or_outside_eur_there_is_no_transfer_block(db):
    _document, view, pdf = await an_invoice_pdf(iban='', bic='')
    assert view.transfer is None
    assert 'Pay by bank transfer' not in text_of(pdf)


async def test_an_invoice_whose_e_invoice_is_incomplete_still_downloads_as_a_pdf_with_its_xml(db):
    """Sending checks the e-invoice; a PDF is never refused for it (a contact without a country, text like markup)."""
    await german_business()
    client = await factories.contact('Acme" <img src=x onerror="alert(1)">', billing_address='{{ 1 }}\n${x}')
    document = await factories.invoice(client, 10000)
    pdf = await document_pdf(await load_document(document.id, clock.today()))
    _name, inside = facturx.get_facturx_xml_from_pdf(pdf, check_xsd=False)
    assert b'&lt;img src=x onerror=' in inside
    assert 'INV-000001' in text_of(pdf)
