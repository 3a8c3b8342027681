"""The pure rules of e-invoices: what a line's VAT category needs, what staff may type as a VAT ID, IBAN or BIC,
and the RF creditor reference that identifies an invoice."""
from __future__ import annotations

from decimal import Decimal

import pytest

from domain.documents.drafts import DocumentDraft, LineDraft, clean
from domain.einvoices import identifiers, vat
from domain.einvoices.transfer import body_of, creditor_reference, readable, transfer_details
from domain.errors import Invalid
from domain.models import DocumentKind


@pytest.mark.parametrize(('category', 'tax', 'reason', 'problem'), [
    ('', '19', '', ''),
    ('', '0', '', ''),
    (vat.STANDARD, '0', '', 'A standard rated line needs a tax rate above 0%.'),
    (vat.REVERSE_CHARGE, '19', '', 'A line that is reverse charge has no tax: set its tax to 0% or choose the '
                                   'standard rate.'),
    (vat.EXEMPT, '0', '', 'An exempt line needs the reason for the exemption, such as the law that exempts it.'),
    (vat.EXEMPT, '0', '§ 4 Nr. 14 UStG', ''),
])
def test_a_lines_category_tax_and_reason_fit_together(category, tax, reason, problem):
    assert vat.line_problem(category, Decimal(tax), reason) == problem


def test_an_exempt_line_without_its_reason_is_refused_under_the_reason():
    draft = DocumentDraft(kind=DocumentKind.INVOICE, contact_id=1, issue_date='2026-12-01', lines=[
        LineDraft(name='Therapy', rate='80', vat_category=vat.EXEMPT, unit='HUR')])
    with pytest.raises(Invalid) as refused:
        clean(draft, 'EUR')
    assert refused.value.fields == {'lines.0.exemption_reason': 'An exempt line needs the reason for the exemption, '
                                                                'such as the law that exempts it.'}
    draft.lines[0].exemption_reason = 'Steuerfrei nach § 4 Nr. 14 UStG'
    draft.delivery_date, draft.period_start, draft.period_end = '2026-11-30', '2026-11-01', ''
    with pytest.raises(Invalid) as refused:
        clean(draft, 'EUR')
    assert refused.value.fields == {'period_end': 'Enter both days of the service period.'}
    draft.period_end = '2026-11-30'
    cleaned = clean(draft, 'EUR')
    assert (cleaned.lines[0].vat_category, cleaned.lines[0].unit) == (vat.EXEMPT, 'HUR')
    assert cleaned.period is not None and cleaned.period[1].day == 30


def test_vat_ids_ibans_and_bics_are_checked_and_kept_compact():
    assert identifiers.vat_id(' de 136.695.976 ') == 'DE136695976'
    assert identifiers.iban('de89 3704 0044 0532 0130 00') == 'DE89370400440532013000'
    assert identifiers.bic('cobadeffxxx') == 'COBADEFFXXX'
    for clean_it, wrong in ((identifiers.vat_id, 'DE136695977'), (identifiers.iban, 'DE89370400440532013001'),
                            (identifiers.bic, 'COBA')):
        with pytest.raises(ValueError):
            clean_it(wrong)
    assert identifiers.vat_id('') == identifiers.iban('') == ''


def test_the_rf_reference_of_an_invoice_reads_back_to_its_number_however_it_is_typed():
    reference = creditor_reference('INV-000012')
    assert reference.startswith('RF') and reference.endswith('INV000012')
    assert body_of(reference) == body_of(readable(reference)) == body_of(readable(reference).lower()) == 'INV000012'
    assert body_of(reference.replace('INV', 'INW')) is None  # a typing error fails the check digits


def test_bank_transfer_details_only_for_euros_with_an_iban_and_something_due():
    details = {'iban': 'DE89370400440532013000', 'bic': '', 'account_name': 'Werkstatt Nord', 'number': 'INV-000001'}
    assert transfer_details(currency='EUR', due=1000, **details) is not None
    assert transfer_details(currency='USD', due=1000, **details) is None
    assert transfer_details(currency='EUR', due=0, **details) is None
    assert transfer_details(currency='EUR', due=1000, **{**details, 'iban': ''}) is None
