"""Data that got into the database before today's input rules (huge amounts, NUL bytes, markup) never breaks a page
or a PDF: sums stay exact, text prints as it was stored."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader
from tortoise import Tortoise

from domain import clock
from domain.contacts import companies as contacts
from domain.documents import lists as document_lists
from domain.documents.views import load_document
from domain.models import Contact, Document, DocumentLine, Payment
from domain.overview import portal as portal_overview
from domain.overview import staff as dashboard_staff
from domain.payments import listing
from domain.statements.statement import build_statement
from integrations.pdf import document_pdf
from integrations.pdf.statement import statement_pdf
from tests import factories

HUGE = 9 * 10**17 + 7  # eleven of these pass 2**63 - 1, where SQLite's SUM gives up
PAYLOAD = 'Acme" :data-x="(window.__xss=1)" y=" <img src=x onerror="window.__xss=1"> {{ 1+1 }} ${1+1}'


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF-')
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


async def huge_invoices(contact: Contact, count: int = 11) -> list[Document]:
    made = []
    for _ in range(count):
        invoice = await factories.invoice(contact, 10000, issued=clock.today() - timedelta(days=40), due_in_days=10)
        await Document.filter(id=invoice.id).update(total=HUGE, subtotal=HUGE)  # written before the bounds existed
        made.append(invoice)
    return made


async def test_sums_past_a_64_bit_integer_are_exact_on_every_list_and_dashboard(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    await huge_invoices(acme)
    await Payment.create(contact=acme, date=clock.today(), mode='cash', amount=HUGE, currency=acme.currency)
    await Payment.create(contact=acme, date=clock.today(), mode='cash', amount=HUGE * 10, currency=acme.currency)
    await factories.rebuild_balances(acme)  # as migration 0013 does for rows written before it
    expected = 11 * HUGE

    board = await dashboard_staff.staff_dashboard(actor)
    assert board.outstanding.totals == [('USD', expected)]
    assert board.overdue.totals == [('USD', expected)]
    assert (await contacts.balances_by_contact([acme.id])) == {acme.id: [('USD', expected)]}
    page = await document_lists.list_documents(actor, document_lists.ListQuery(estimates=False))
    assert (page.count, page.total, page.balance) == (11, expected, expected)
    assert (await listing.list_payments(actor, listing.PaymentFilter())).total == 11 * HUGE
    portal = await portal_overview.dashboard(await factories.portal_actor(casey))
    assert (portal.outstanding_total, portal.overdue_total) == (expected, expected)
    assert (await portal_overview.payments_made(await factories.portal_actor(casey))).total_paid == 11 * HUGE

    statement = await build_statement(acme.id, date(clock.today().year - 1, 1, 1), clock.today())
    assert statement.invoiced + statement.opening_balance == expected
    assert statement.received == 11 * HUGE
    assert 'Statement' in text_of(await statement_pdf(statement))


async def test_control_characters_and_markup_already_stored_print_in_the_pdfs_as_text(db):
    # PostgreSQL cannot store a NUL in text at all, SQLite can: there the test stores one
    nul = '\x07' if Tortoise.get_connection('default').capabilities.dialect == 'postgres' else '\x00'
    await factories.business(name=f'Harbour <b>Design</b>{nul} Co')
    acme = await factories.contact(PAYLOAD + nul, billing_address=f'1 Main St{nul}\n<script>x</script>')
    invoice = await factories.invoice(acme, 10000, notes='Notes \x07 & <i>more</i>', reference=f'PO{nul}-1')
    await DocumentLine.filter(document_id=invoice.id).update(name=f'Item {nul} <u>x</u>', description='Desc\x1b[31m')

    document = text_of(await document_pdf(await load_document(invoice.id, clock.today())))
    for expected in ('Harbour <b>Design</b>', 'Acme" :data-x="(window.__xss=1)"', '<img src=x onerror=',
                     '{{ 1+1 }} ${1+1}', '<script>x</script>', 'Notes', '& <i>more</i>', '<u>x</u>', invoice.number):
        assert expected in document
    statement = await build_statement(acme.id, date(clock.today().year, 1, 1), clock.today())
    printed = text_of(await statement_pdf(statement))
    for expected in ('Harbour <b>Design</b>', 'Acme" :data-x="(window.__xss=1)"', '<script>x</script>',
                     invoice.number):
        assert expected in printed
