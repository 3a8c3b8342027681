"""The PDF machinery on plain data, without a database: wrapping, fonts, and tables that flow over pages."""
from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from pypdf import PdfReader

from domain.documents.views import BusinessView, DocumentView, LineView, PartyView
from domain.models import DocumentKind
from integrations.pdf.document import render_document_pdf
from integrations.pdf.layout import PageFrame, Styles, accent, build
from integrations.pdf.table import Column, RowTable
from integrations.pdf.text import fonts_for, standard_fonts, unicode_fonts, wrap

BUSINESS = BusinessView('Harbour Design Co', 'billing@harbour.example', '', '', '1 Pier Road', '#0f766e')


def pages_of(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def a_view(lines: list[LineView], **changes) -> DocumentView:
    subtotal = sum(line.amount for line in lines)
    values = dict(
        id=1, kind=DocumentKind.INVOICE, number='INV-000042', status='sent', display_status='sent',
        contact=PartyView(1, 'Acme Corporation', '', '107 Market Street', ''), issue_date=date(2026, 3, 1),
        due_date=date(2026, 3, 31), expiry_date=None, reference='', currency='USD', notes='', terms='', lines=lines,
        subtotal=subtotal, tax_total=0, taxes=[], total=subtotal, amount_paid=0, online_payment='card',
        allow_partial_payments=False, decline_reason='', first_viewed_at=None, last_viewed_at=None, payments=[])
    return DocumentView(**{**values, **changes})


def test_wrapping_keeps_the_authors_line_breaks_and_cuts_words_wider_than_the_column():
    face = standard_fonts().regular
    lines = wrap('First line\nsecond line that goes on and on and on\n\n' + 'x' * 200, face, 9, 120)
    assert lines[0] == 'First line'
    assert '' in lines  # the blank line the author typed
    assert ''.join(lines[lines.index('') + 1:]) == 'x' * 200
    assert all(face.width(line, 9) <= 120 for line in lines)
    assert ' '.join(lines[1:lines.index('')]) == 'second line that goes on and on and on'


def test_text_outside_windows_1252_switches_the_document_to_the_embedded_unicode_font():
    assert fonts_for(['Café', 'naïve — “quoted” €5']) is standard_fonts()
    assert fonts_for(['Café', 'Łódź']) is unicode_fonts()
    assert unicode_fonts().regular.unicode


def test_a_description_taller_than_a_page_continues_onto_the_next_without_losing_a_line():
    description = '\n'.join(f'Step {n} of the work' for n in range(1, 151))
    view = a_view([LineView('Long job', description, Decimal(1), 5000, Decimal(0), 5000, 0),
                   LineView('After it', '', Decimal(2), 100, Decimal(0), 200, 0)])
    pages = pages_of(render_document_pdf(view, BUSINESS))
    text = ' '.join(pages)
    assert len(pages) >= 2
    positions = [text.index(f'Step {n} of the work') for n in range(1, 151)]
    assert positions == sorted(positions)
    assert text.index('After it') > positions[-1]
    assert all('ITEM & DESCRIPTION' in page for page in pages)


def test_any_table_repeats_its_header_on_every_page_it_reaches():
    styles = Styles(standard_fonts(), accent('#0f766e'))
    columns = [Column('Date', 80), Column('Transaction'), Column('Balance', 90, 'right')]
    rows = [(f'2026-01-{n % 28 + 1:02d}', f'Invoice {n}', f'${n},00') for n in range(1, 601)]
    pdf = build([RowTable(columns, rows, styles.table_look())],
                PageFrame(standard_fonts(), running_head='Statement', footer_left='Acme'), title='t', author='a')
    pages = pages_of(pdf)
    assert len(pages) > 5
    for number, page in enumerate(pages, start=1):
        assert 'DATE TRANSACTION BALANCE' in page
        assert f'Page {number} of {len(pages)}' in page
    text = ' '.join(pages)
    assert all(f'Invoice {n} ' in text for n in (1, 300, 600))
