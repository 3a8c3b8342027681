"""What a client reads in a document's PDF, checked against the database: names, numbers, totals and balances."""
from __future__ import annotations

import io
import re

import pytest
from pypdf import PdfReader

from domain import clock, sessions
from domain.access import auth, signing
from domain.documents.access import portal_document_for, staff_document_for
from domain.documents.views import load_business, load_document
from domain.errors import NotFound, SessionEnded
from domain.formats import day, money
from domain.models import Document, DocumentKind, DocumentLine, EstimateStatus, InvoiceStatus, SessionKind, label
from integrations.pdf import document_pdf, render_attachment
from tests import factories

BROWSER = auth.Client(ip='203.0.113.9', browser_id='pdf-browser')


def pages_of(pdf: bytes) -> list[str]:
    assert pdf.startswith(b'%PDF-')
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(pages: list[str]) -> str:
    return re.sub(r'\s+', ' ', ' '.join(pages))


async def pdf_text(document: Document) -> str:
    view = await load_document(document.id, clock.today())
    return flat(pages_of(await document_pdf(view)))


async def setup_business():
    await factories.business(name='Harbour Design Co', email='billing@harbour.example', phone='+1 555 0199',
                             website='https://harbour.example', address='1 Pier Road\nPortland, OR 97201')
    return await factories.contact('Acme Corporation', billing_address='107 Market Street\nSpringfield, IL 62701',
                                   shipping_address='9 Dock Road\nShelbyville, IL 62565')


def mixed_lines():
    return [factories.line('Website design', '2', 45000, '8', 'Layout and visual design, per page'),
            factories.line('Hosting', '12', 4900, '10'),
            factories.line('Support plan', '1.5', 25000)]


async def assert_totals_match(document: Document, text: str) -> None:
    await document.refresh_from_db()
    lines = await DocumentLine.filter(document=document)
    for line in lines:
        assert line.name in text
        assert money(line.amount) in text
        assert money(line.rate) in text
    assert f'Sub total {money(document.subtotal)}' in text
    assert f'Total {money(document.total)}' in text
    rates = sorted({line.tax_percent for line in lines if line.tax_percent})
    for rate in rates:
        tax = sum(line.tax_amount for line in lines if line.tax_percent == rate)
        assert f'Tax ({rate.normalize():f}%) {money(tax)}' in text


async def test_an_invoice_pdf_shows_both_parties_the_lines_the_taxes_and_what_is_still_owed(db):
    contact = await setup_business()
    invoice = await factories.document_with_lines(contact, mixed_lines(), reference='PO-4471',
                                                  notes='Thank you for your business.',
                                                  terms='Payment within 30 days.')
    await factories.payment(contact, [(invoice, 50000)], reference='REF-777')
    await invoice.refresh_from_db()
    text = await pdf_text(invoice)

    for expected in ('Harbour Design Co', '1 Pier Road', 'Portland, OR 97201', 'billing@harbour.example',
                     '+1 555 0199', 'https://harbour.example', 'INVOICE', invoice.number, 'BILL TO',
                     'Acme Corporation', '107 Market Street', 'Springfield, IL 62701', 'SHIP TO', '9 Dock Road',
                     'Shelbyville, IL 62565', f'Invoice date {day(invoice.issue_date)}',
                     f'Due date {day(invoice.due_date)}', 'Reference PO-4471', 'Status Partially paid',
                     'Layout and visual design, per page', 'Thank you for your business.',
                     'Payment within 30 days.', 'REF-777', 'Page 1 of 1'):
        assert expected in text
    await assert_totals_match(invoice, text)
    assert f'Amount paid -{money(50000)}' in text
    assert f'Balance due {money(invoice.total - 50000)}' in text
    assert invoice.total - 50000 == invoice.balance
    assert 'PAID' not in text and 'VOID' not in text


async def test_a_paid_invoice_carries_a_paid_mark_and_nothing_left_to_pay(db):
    contact = await setup_business()
    invoice = await factories.document_with_lines(contact, mixed_lines())
    await invoice.refresh_from_db()
    await factories.payment(contact, [(invoice, invoice.total)], reference='WIRE-1')
    text = await pdf_text(invoice)
    assert 'PAID' in text
    assert 'Status Paid' in text
    assert f'Amount paid -{money(invoice.total)}' in text
    assert f'Balance due {money(0)}' in text


async def test_a_void_invoice_is_marked_void_and_asks_for_no_payment(db):
    contact = await setup_business()
    invoice = await factories.document_with_lines(contact, mixed_lines())
    await Document.filter(id=invoice.id).update(status=InvoiceStatus.VOID)
    await factories.rebuild_balances(contact)
    text = await pdf_text(invoice)
    assert 'VOID' in text
    assert 'Status Void' in text
    assert 'Balance due' not in text.split('INVOICE')[1].split('BILL TO')[1]  # no balance line in the totals
    await assert_totals_match(invoice, text)


async def test_an_accepted_estimate_shows_its_expiry_total_and_accepted_mark(db):
    contact = await setup_business()
    estimate = await factories.document_with_lines(contact, mixed_lines(), kind=DocumentKind.ESTIMATE,
                                                   status=EstimateStatus.ACCEPTED, notes='Prices hold for 30 days.')
    text = await pdf_text(estimate)
    assert 'ESTIMATE' in text and estimate.number in text and estimate.number.startswith('EST-')
    assert 'ACCEPTED' in text
    assert f'Expiry date {day(estimate.expiry_date)}' in text
    assert 'Prices hold for 30 days.' in text
    assert 'Amount paid' not in text and 'Balance due' not in text
    await assert_totals_match(estimate, text)


async def test_a_sent_estimate_has_no_mark(db):
    contact = await setup_business()
    estimate = await factories.document_with_lines(contact, mixed_lines(), kind=DocumentKind.ESTIMATE)
    text = await pdf_text(estimate)
    assert 'Status Sent' in text
    assert not {'ACCEPTED', 'PAID', 'VOID', 'DECLINED'} & set(text.split())


async def test_a_retainer_invoice_is_titled_as_one_and_shows_its_balance(db):
    contact = await setup_business()
    retainer = await factories.document_with_lines(
        contact, [factories.line('Retainer', '1', 200000, description='Advance for the next project')],
        kind=DocumentKind.RETAINER)
    text = await pdf_text(retainer)
    assert 'RETAINER INVOICE' in text and retainer.number.startswith('RET-') and retainer.number in text
    assert 'Advance for the next project' in text
    assert f'Balance due {money(200000)}' in text
    await assert_totals_match(retainer, text)


async def test_a_200_line_invoice_repeats_the_table_header_and_numbers_every_page(db):
    contact = await setup_business()
    specs = [factories.line(f'Service {n:03d}', '1', 1000 + n, '8' if n % 2 else '0',
                            'Work described in a sentence long enough to wrap onto a second line in the table.')
             for n in range(1, 201)]
    invoice = await factories.document_with_lines(contact, specs)
    view = await load_document(invoice.id, clock.today())
    pages = pages_of(await document_pdf(view))
    assert len(pages) >= 5
    for number, page in enumerate(pages, start=1):
        assert 'ITEM & DESCRIPTION' in page and 'AMOUNT' in page, f'page {number} lacks the table header'
        assert f'Page {number} of {len(pages)}' in page
    text = flat(pages)
    positions = [text.index(f'Service {n:03d}') for n in range(1, 201)]
    assert positions == sorted(positions)  # every line, in order, none lost at a page break
    await assert_totals_match(invoice, text)


async def test_names_beyond_western_alphabets_and_markup_print_as_typed(db):
    await factories.business(name='Łódź Studio')
    cyrillic = 'Ромашка Трейд'  # a company name in Cyrillic
    contact = await factories.contact(cyrillic, billing_address='ul. Żółta 5\n90-001 Łódź')
    invoice = await factories.document_with_lines(
        contact, [factories.line('Design <b>bold</b> & co', '1', 1000, description='Ελληνικά (Greek) notes')])
    text = await pdf_text(invoice)
    for expected in ('Łódź Studio', cyrillic, 'ul. Żółta 5', 'Design <b>bold</b> & co', 'Ελληνικά (Greek) notes'):
        assert expected in text


async def test_an_attachment_is_named_by_the_document_number(db):
    contact = await setup_business()
    invoice = await factories.document_with_lines(contact, mixed_lines())
    name, pdf = await render_attachment({'document_id': invoice.id})
    assert name == f'{invoice.number}.pdf'
    assert invoice.number in flat(pages_of(pdf))
    assert await render_attachment({'document_id': invoice.id + 1000}) is None
    assert await render_attachment({'document_id': '1'}) is None
    assert await render_attachment({'statement': True}) is None


async def actor_for(kind: SessionKind, email: str):
    code = await signing.sign_in(kind, email, factories.PASSWORD, BROWSER)
    result = await auth.complete_sign_in(code, BROWSER.browser_id)
    assert result is not None
    return await sessions.resolve_session(kind, result[1])


async def test_a_portal_person_reaches_only_their_own_documents_that_left_draft(db):
    mine, theirs = await factories.contact('Acme'), await factories.contact('Globex')
    await factories.person(mine, 'casey@acme.example')
    await factories.staff('staff@example.com')
    sent = await factories.invoice(mine, 1000)
    draft = await factories.invoice(mine, 1000, status=InvoiceStatus.DRAFT)
    draft_estimate = await factories.estimate(mine, 1000, status=EstimateStatus.DRAFT)
    other = await factories.invoice(theirs, 1000)
    client = await actor_for(SessionKind.PORTAL, 'casey@acme.example')
    staff = await actor_for(SessionKind.STAFF, 'staff@example.com')

    assert (await portal_document_for(client, sent.id)).number == sent.number
    for document_id in (draft.id, draft_estimate.id, other.id, 999_999, 2**40, 0, -1):
        with pytest.raises(NotFound):
            await portal_document_for(client, document_id)
    with pytest.raises(NotFound):
        await staff_document_for(client, sent.id)
    with pytest.raises(NotFound):
        await portal_document_for(staff, sent.id)
    assert (await staff_document_for(staff, draft.id)).number == draft.number
    assert (await staff_document_for(staff, other.id)).display_status == 'sent'

    await sessions.sign_out(client)
    with pytest.raises(SessionEnded):
        await portal_document_for(client, sent.id)


async def test_the_business_letterhead_comes_from_the_profile(db):
    await factories.business(name='Harbour Design Co', phone='+1 555 0199')
    business = await load_business()
    assert (business.name, business.phone, business.email) == ('Harbour Design Co', '+1 555 0199',
                                                              'studio@example.com')
    assert label('partially_paid') == 'Partially paid'
