"""Download PDF and Print in Chromium, against the demo server: the client's estimate, invoice and statement, and
the staff's invoice and contact statement. A download arrives under its file name with PDF bytes; Print opens the
PDF in a new tab."""
from __future__ import annotations

import io
import re
import sqlite3
from datetime import date, timedelta
from pathlib import Path

from playwright.sync_api import Locator, Page, expect
from pypdf import PdfReader

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, sign_in
from tests.e2e.documents.test_pdf_browser import acme_documents, render_first_page


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF-')
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def download_from(page: Page, control: Locator, filename: str) -> str:
    """Click a Download control; the browser saves a PDF named `filename`. Returns the PDF's text."""
    with page.expect_download(timeout=30_000) as caught:
        control.click()
    download = caught.value
    assert download.suggested_filename == filename
    pdf = Path(download.path()).read_bytes()
    return text_of(pdf)


def print_from(page: Page, control: Locator, path: str) -> None:
    """Click Print: a new tab opens on the PDF, inline."""
    with page.expect_popup(timeout=30_000) as caught:
        control.click()
    tab = caught.value
    tab.wait_for_url(re.compile(re.escape(path) + '$'), wait_until='commit')
    response = page.request.get(tab.url)
    assert response.headers['content-disposition'].startswith('inline; filename=')
    assert response.body().startswith(b'%PDF-')
    tab.close()


def acme_contact_id(server: Server) -> int:
    path = server.env['DATABASE_URL'].removeprefix('sqlite://')
    with sqlite3.connect(path) as db:
        return db.execute("SELECT id FROM contact WHERE display_name = 'Acme Corporation'").fetchone()[0]


def test_the_client_downloads_and_prints_an_estimate_and_an_invoice_from_more(page: Page, server: Server):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    for kind, status in (('estimate', 'sent'), ('invoice', 'paid')):
        [(document_id, number), *_] = acme_documents(
            server, f"c.display_name = 'Acme Corporation' AND d.kind = '{kind}' AND d.status = '{status}'")
        page.goto(f'{server.url}/portal/{kind}s/{document_id}')
        more = page.get_by_role('button', name='More')
        more.click()
        text = download_from(page, page.get_by_role('menuitem', name='Download PDF'), f'{number}.pdf')
        assert number in text and kind.upper() in text
        expect(page.get_by_role('menuitem', name='Download PDF')).to_be_hidden()  # the menu closed
        more.click()
        print_from(page, page.get_by_role('menuitem', name='Print'), f'/portal/documents/{document_id}.pdf?inline=1')


def test_the_client_downloads_the_statement_for_a_period_and_prints_it(page: Page, server: Server, tmp_path: Path):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    start, end = date.today() - timedelta(days=200), date.today() + timedelta(days=1)
    page.goto(f'{server.url}/portal/statement?period=custom&start={start}&end={end}')
    expect(page.get_by_text('Opening balance').first).to_be_visible()
    text = download_from(page, page.get_by_role('button', name='Download PDF'),
                         f'Statement-Acme-Corporation-{start}-{end}.pdf')
    assert 'STATEMENT OF ACCOUNTS' in text and 'Acme Corporation' in text and 'Opening balance' in text
    paid = acme_documents(server, "c.display_name = 'Acme Corporation' AND d.status = 'paid'")
    assert all(number in text for _, number in paid)
    print_from(page, page.get_by_role('link', name='Print'),
               f'/portal/statement.pdf?period=custom&start={start}&end={end}&inline=1')

    response = page.request.get(f'{server.url}/portal/statement.pdf?period=custom&start={start}&end={end}')
    image = render_first_page(response.body(), tmp_path)
    assert image.size[0] < image.size[1]  # portrait
    inked = sum(image.convert('L').histogram()[:200]) / (image.size[0] * image.size[1])
    assert 0.01 < inked < 0.3, f'{inked:.1%} of page 1 is ink'
    assert accessibility_violations(page) == []


def test_staff_download_and_print_an_invoice_and_a_contacts_statement(page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    [(invoice_id, number), *_] = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent'")
    page.goto(f'{server.url}/staff/invoices/{invoice_id}')
    assert number in download_from(page, page.get_by_role('button', name='Download PDF'), f'{number}.pdf')
    print_from(page, page.get_by_role('link', name='Print'), f'/staff/documents/{invoice_id}.pdf?inline=1')

    contact_id = acme_contact_id(server)
    page.goto(f'{server.url}/staff/contacts/{contact_id}')
    expect(page.get_by_role('heading', name='Statement of accounts')).to_be_visible()
    year = date.today().year
    text = download_from(page, page.get_by_role('button', name='Download PDF'),
                         f'Statement-Acme-Corporation-{year}-01-01-{year}-12-31.pdf')
    assert 'Acme Corporation' in text and f'01 Jan {year} to 31 Dec {year}' in text
    print_from(page, page.get_by_role('link', name='Print'),
               f'/staff/contacts/{contact_id}/statement.pdf?period=this_year&inline=1')
    assert accessibility_violations(page) == []
