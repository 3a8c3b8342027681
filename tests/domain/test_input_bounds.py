"""Odd input gets a clear message, never a crash: control characters, amounts past the bounds, dates out of range."""
from datetime import date
from decimal import Decimal

import pytest

from domain import form_input
from domain.access.passwords import password_problem
from domain.documents.drafts import DocumentDraft, LineDraft, clean
from domain.documents.rules import (
    LATEST_DAY,
    MAX_AMOUNT,
    due_date_from_terms,
    parse_day,
    parse_money,
    parse_quantity,
    parse_rate,
)
from domain.errors import Invalid
from domain.files.types import clean_file_name
from domain.models import DocumentKind

C0 = [chr(code) for code in range(0x20) if chr(code) not in '\t\n\r']
C1 = [chr(code) for code in range(0x7f, 0xa0)]


@pytest.mark.parametrize('control', C0 + C1 + ['\t', '\n', '\r'])
def test_single_line_text_refuses_every_control_character(control):
    with pytest.raises(ValueError, match='Remove the control characters'):
        form_input.text(f'Acme{control}Corp', limit=100)


@pytest.mark.parametrize('control', C0 + C1)
def test_multi_line_text_refuses_control_characters_but_keeps_tabs_and_line_breaks(control):
    with pytest.raises(ValueError, match='Remove the control characters'):
        form_input.text(f'1 Main St{control}\nSpringfield', limit=100, multiline=True)
    assert form_input.text('1 Main St\r\n\tSuite 5\rSpringfield', limit=100, multiline=True) == \
        '1 Main St\n\tSuite 5\nSpringfield'


@pytest.mark.parametrize('clean_field', [form_input.phone, form_input.website, form_input.email, form_input.color])
def test_phones_websites_emails_and_colours_refuse_a_nul(clean_field):
    with pytest.raises(ValueError, match='Remove the control characters'):
        clean_field('example.com\x00')


def test_text_as_people_type_it_passes_unchanged_markup_and_templates_included():
    typed = 'Acme" :data-x="(window.__xss=1)" y=" <img src=x onerror="x"> {{ 1 }} ${1} Łódź ✓'
    assert form_input.text(typed, limit=200) == typed


def test_passwords_with_control_characters_are_refused_with_a_reason():
    assert 'control characters' in password_problem('correct\x00horse battery')
    assert 'control characters' in password_problem('correct\thorse battery')
    assert password_problem('correct horse battery') is None


def test_search_text_loses_its_control_characters():
    assert form_input.strip_control('INV\x00-0\x1b01') == 'INV-001'


def test_money_up_to_the_bound_is_accepted_and_a_cent_more_is_refused():
    assert MAX_AMOUNT == 10**12
    assert parse_money('10,000,000,000.00') == MAX_AMOUNT
    assert parse_rate('10000000000') == MAX_AMOUNT
    for typed in ('10000000000.01', '1e20', '99999999999.99'):
        with pytest.raises(ValueError, match=r'Enter at most 10,000,000,000\.00\.'):
            parse_money(typed)


def test_quantities_stay_below_a_billion():
    assert parse_quantity('999999999.999') == Decimal('999999999.999')
    with pytest.raises(ValueError, match='below 1,000,000,000'):
        parse_quantity('1000000000')


def draft(*lines: LineDraft, issue_date: str = '2026-03-01', due_date: str = '') -> DocumentDraft:
    return DocumentDraft(kind=DocumentKind.INVOICE, contact_id=1, issue_date=issue_date, due_date=due_date,
                         lines=list(lines))


def refusal(document: DocumentDraft) -> dict[str, str]:
    with pytest.raises(Invalid) as error:
        clean(document)
    return error.value.fields


def test_a_line_that_comes_to_more_than_the_bound_is_refused_on_its_rate():
    # the issue's example: it used to crash the save with OverflowError
    fields = refusal(draft(LineDraft(name='Big', quantity='999999999.999', rate='99999999999.99')))
    assert fields['lines.0.rate'] == 'Enter at most 10,000,000,000.00.'
    fields = refusal(draft(LineDraft(name='Big', quantity='2', rate='6000000000')))
    assert fields == {'lines.0.rate': 'A line can come to at most 10,000,000,000.00 with its tax: lower the quantity '
                                      'or rate.'}
    fields = refusal(draft(LineDraft(name='Taxed', quantity='1', rate='6000000000', tax_percent='100')))
    assert 'lines.0.rate' in fields


def test_a_line_at_the_bound_passes_but_a_document_past_it_is_refused():
    at_bound = LineDraft(name='Most', quantity='1', rate='10000000000')
    assert clean(draft(at_bound)).lines[0].rate == MAX_AMOUNT
    fields = refusal(draft(at_bound, LineDraft(name='One cent more', quantity='1', rate='0.01')))
    assert fields == {'lines': 'The total of a document can be at most 10,000,000,000.00: split it into several.'}


@pytest.mark.parametrize('typed', ['1899-12-31', '2201-01-01', '9999-12-31', '0001-01-01'])
def test_dates_outside_1900_to_2200_are_refused_with_a_message(typed):
    with pytest.raises(ValueError, match=r'Enter a date between 1900 and 2200\.'):
        parse_day(typed)
    assert refusal(draft(LineDraft(name='x', rate='1'), issue_date=typed)) == {
        'issue_date': 'Enter a date between 1900 and 2200.'}


def test_the_first_and_last_days_are_accepted_and_due_dates_from_terms_cannot_overflow():
    assert parse_day('1900-01-01') == date(1900, 1, 1)
    assert parse_day('2200-12-31') == LATEST_DAY
    assert due_date_from_terms(LATEST_DAY, 90) == date(2201, 3, 31)
    assert due_date_from_terms(date(9999, 12, 31), 10**6) == date(2201, 12, 31)  # stored odd values: no OverflowError


def test_a_nul_in_any_document_text_is_refused_next_to_its_field():
    fields = refusal(DocumentDraft(kind=DocumentKind.INVOICE, contact_id=1, issue_date='2026-03-01',
                                   reference='PO\x00', notes='ok\x00', terms='fine\n\x07',
                                   lines=[LineDraft(name='Item\x00', description='desc\x1b', rate='1')]))
    assert set(fields) == {'reference', 'notes', 'terms', 'lines.0.name', 'lines.0.description'}
    assert all('control characters' in message for message in fields.values())


@pytest.mark.parametrize('stored', ['red;x', '#1d4ed8;background:url(x)', '#1d4ed8\n', 'expression(1)', '', '#12345'])
def test_a_brand_colour_reaches_css_only_as_a_strict_hex_colour(stored):
    from domain.business.brand import DEFAULT_BRAND, readable_brand
    with pytest.raises(ValueError, match=r'six hex digits|control characters'):
        form_input.color(stored)  # refused on save
    assert readable_brand(stored) == DEFAULT_BRAND  # and replaced on use, whatever was stored before
    assert form_input.color(' #0F766E ') == '#0f766e'


INVISIBLE = ['\u200b', '\u200c', '\u200d', '\u200e', '\u200f', '\u202a', '\u202b', '\u202c', '\u202d', '\u202e',
             '\u2066', '\u2067', '\u2068', '\u2069', '\ufeff', '\u2060', '\u061c', '\U000e0041']


@pytest.mark.parametrize('invisible', INVISIBLE)
def test_names_and_notes_refuse_direction_marks_and_other_invisible_characters(invisible):
    for multiline in (False, True):
        with pytest.raises(ValueError, match='invisible formatting characters'):
            form_input.text(f'invoice{invisible}fdp.txt', limit=100, multiline=multiline)
    with pytest.raises(ValueError, match='invisible formatting characters'):
        form_input.email(f'ann{invisible}@acme.example')


@pytest.mark.parametrize('invisible', INVISIBLE)
def test_file_names_and_search_boxes_lose_invisible_characters(invisible):
    assert clean_file_name(f'invoice{invisible}fdp.txt') == 'invoicefdp.txt'
    assert form_input.strip_control(f'INV{invisible}-001') == 'INV-001'


def test_visible_letters_from_every_script_pass_unchanged():
    typed = 'Zoë Łódź Ærøskøbing Ñandú 東京 Ελλάδα שלום مرحبا 🧾'
    assert form_input.text(typed, limit=100) == typed and clean_file_name(f'{typed}.pdf') == f'{typed}.pdf'
