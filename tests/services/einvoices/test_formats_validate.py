"""Every invoice the portal makes is an e-invoice the receiving side accepts: the demo data's, and one of each VAT
category, in all three formats (Factur-X CII, XRechnung CII, Peppol UBL), against the schema and the official
Schematron rules (CEN EN 16931 and KoSIT XRechnung)."""
from __future__ import annotations

from datetime import timedelta

import pytest

from domain import clock
from domain.einvoices import assemble, vat
from domain.einvoices.findings import problem_for
from domain.einvoices.model import FACTURX, PEPPOL_UBL, XRECHNUNG_CII
from domain.models import Document, DocumentKind
from domain.overview import demo
from integrations.einvoice.formats import write_and_check
from tests import factories
from tests.services.einvoices.conftest import german_business, german_client

FLAVORS = (FACTURX, XRECHNUNG_CII, PEPPOL_UBL)


async def test_every_invoice_of_the_demo_data_passes_in_all_three_formats(db):
    assert await demo.seed()
    invoices = await Document.filter(kind__in=[DocumentKind.INVOICE, DocumentKind.RETAINER]).order_by('id')
    assert len(invoices) > 20
    for document in invoices:
        invoice = await assemble.load(document.id)
        for flavor in FLAVORS:
            assert write_and_check(invoice, flavor) == [], f'{document.number} as {flavor}'


CATEGORY_LINES = {
    vat.STANDARD: ('19', ''),
    vat.ZERO: ('0', ''),
    vat.EXEMPT: ('0', 'Steuerfrei nach § 4 Nr. 14 UStG'),
    vat.REVERSE_CHARGE: ('0', ''),
    vat.INTRA_COMMUNITY: ('0', ''),
    vat.EXPORT: ('0', ''),
}


@pytest.mark.parametrize('category', list(CATEGORY_LINES))
async def test_an_invoice_of_each_vat_category_passes_in_all_three_formats(db, category):
    await german_business()
    where = {vat.INTRA_COMMUNITY: {'country': 'AT', 'vat_id': 'ATU13585627'},
             vat.EXPORT: {'country': 'US', 'vat_id': ''}}.get(category, {})
    client = await german_client(**where)
    tax, reason = CATEGORY_LINES[category]
    line = factories.line('Wartung', '3', 12550, tax)
    line = type(line)(**{**line.__dict__, 'vat_category': category, 'exemption_reason': reason, 'unit': 'HUR'})
    document = await factories.document_with_lines(client, [line], delivery_date=clock.today() - timedelta(days=3))
    invoice = await assemble.load(document.id)
    assert invoice.lines[0].category == category
    for flavor in FLAVORS:
        assert write_and_check(invoice, flavor) == [], flavor


async def test_a_retainer_invoice_is_a_prepayment_invoice_and_passes(db):
    await german_business()
    client = await german_client()
    document = await factories.invoice(client, 50000, kind=DocumentKind.RETAINER, delivery_date=clock.today())
    invoice = await assemble.load(document.id)
    assert invoice.type_code == '386'
    for flavor in FLAVORS:
        assert write_and_check(invoice, flavor) == [], flavor


async def test_a_reverse_charge_invoice_for_a_client_without_vat_id_is_refused_in_words(db):
    await german_business()
    client = await german_client(vat_id='')
    line = factories.line('Beratung', '1', 100000)
    line = type(line)(**{**line.__dict__, 'vat_category': vat.REVERSE_CHARGE})
    document = await factories.document_with_lines(client, [line], delivery_date=clock.today())
    findings = write_and_check(await assemble.load(document.id), XRECHNUNG_CII)
    assert 'BR-AE-02' in {finding.rule for finding in findings}
    problems = {problem_for(finding).key: problem_for(finding).message for finding in findings}
    assert problems['contact.vat_id'] == 'This invoice has reverse-charge lines, so the contact needs a VAT ID.'


async def test_xml_that_breaks_the_schema_is_refused_before_the_rules_run(db):
    await german_business()
    document = await factories.invoice(await german_client(), 10000, delivery_date=clock.today())
    invoice = await assemble.load(document.id)
    from integrations.einvoice.checks import check
    from integrations.einvoice.formats import xml_for
    for flavor, anchor in ((FACTURX, b'<ram:BuyerReference>'), (PEPPOL_UBL, b'<cbc:IssueDate>')):
        broken = xml_for(invoice, flavor).replace(anchor, anchor[:1] + b'cbc:Note>x</cbc:Note>' + anchor
                                                  if flavor == PEPPOL_UBL else b'<ram:Oops>x</ram:Oops>' + anchor)
        findings = check(broken, flavor)
        assert [finding.rule for finding in findings] == ['schema'], flavor
        assert 'This element is not expected' in problem_for(findings[0]).message


async def test_a_credit_note_against_an_invoice_is_a_credit_note_that_names_it_and_passes(db):
    await german_business()
    client = await german_client()
    invoice = await factories.document_with_lines(client, [factories.line('Wartung', '3', 12550, '19')],
                                                  delivery_date=clock.today() - timedelta(days=3))
    note = await factories.document_with_lines(client, [factories.line('Wartung', '1', 12550, '19')],
                                               kind=DocumentKind.CREDIT_NOTE, status='open', source_id=invoice.id,
                                               delivery_date=clock.today() - timedelta(days=3))
    credit = await assemble.load(note.id)
    assert (credit.type_code, credit.preceding) == ('381', (invoice.number, invoice.issue_date))
    for flavor in FLAVORS:
        assert write_and_check(credit, flavor) == [], flavor
