"""The demo client downloads an invoice PDF and opens it to print, in Chromium against the demo server."""
from __future__ import annotations

import sqlite3
import subprocess
from pathlib import Path

from PIL import Image
from playwright.sync_api import Frame, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD
from tests.e2e.conftest import Server, sign_in


def acme_documents(server: Server, where: str) -> list[tuple[int, str]]:
    """Ids and numbers of demo documents, read straight from the server's database."""
    path = server.env['DATABASE_URL'].removeprefix('sqlite://')
    with sqlite3.connect(path) as db:
        return db.execute('SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id '
                          f'WHERE {where} ORDER BY d.id').fetchall()


def render_first_page(pdf: bytes, folder: Path) -> Image.Image:
    (folder / 'document.pdf').write_bytes(pdf)
    subprocess.run(['pdftoppm', '-r', '50', '-png', '-f', '1', '-l', '1', '-singlefile',
                    str(folder / 'document.pdf'), str(folder / 'page')], check=True, timeout=60)
    return Image.open(folder / 'page.png')


def pdf_viewer(tab: Page) -> Frame:
    """The frame of Chromium's own PDF viewer in `tab`, once it is there."""
    def is_viewer(frame: Frame) -> bool:
        return frame.url.startswith('chrome-extension://')
    return next(filter(is_viewer, tab.frames), None) or tab.wait_for_event('framenavigated', predicate=is_viewer)


def test_the_demo_client_downloads_a_paid_invoice_that_renders_as_a_document(page: Page, server: Server,
                                                                             tmp_path: Path):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    [(invoice_id, number), *_] = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'paid'")

    # the module's first PDF also starts the server's pool of PDF workers, which takes a while on a busy machine
    response = page.request.get(f'{server.url}/portal/documents/{invoice_id}.pdf', timeout=30_000)
    assert response.status == 200
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['content-disposition'] == f'attachment; filename="{number}.pdf"'

    image = render_first_page(response.body(), tmp_path)
    assert image.size[0] < image.size[1]  # portrait
    inked = sum(image.convert('L').histogram()[:200]) / (image.size[0] * image.size[1])
    assert 0.01 < inked < 0.3, f'{inked:.1%} of page 1 is ink'
    pixels = image.convert('RGB').tobytes()
    stamp_green = sum(1 for i in range(0, len(pixels), 3)
                      if pixels[i + 1] > pixels[i] + 40 and pixels[i + 1] > pixels[i + 2] + 40)
    assert stamp_green > 50  # the green PAID mark is there


def test_another_clients_or_a_draft_document_is_not_found_and_nobody_gets_one_without_signing_in(
        page: Page, server: Server):
    [(theirs, _), *_] = acme_documents(server, "c.display_name = 'Globex Ltd' AND d.status != 'draft'")
    [(draft, _), *_] = acme_documents(server, "c.display_name = 'Acme Corporation' AND d.status = 'draft'")
    [(mine, _), *_] = acme_documents(server, "c.display_name = 'Acme Corporation' AND d.status = 'sent'")
    assert page.request.get(f'{server.url}/portal/documents/{mine}.pdf', max_redirects=0).status == 404

    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    assert page.request.get(f'{server.url}/portal/documents/{mine}.pdf').status == 200
    for document_id in (theirs, draft, 999_999):
        assert page.request.get(f'{server.url}/portal/documents/{document_id}.pdf').status == 404
    assert page.request.get(f'{server.url}/staff/documents/{mine}.pdf', max_redirects=0).status == 404


def test_print_opens_the_pdf_in_the_browsers_own_viewer(page: Page, server: Server):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    [(invoice_id, number), *_] = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent'")
    tab = page.context.new_page()
    response = tab.goto(f'{server.url}/portal/documents/{invoice_id}.pdf?inline=1')
    assert response is not None and response.status == 200
    assert response.headers['content-disposition'] == f'inline; filename="{number}.pdf"'
    expect(pdf_viewer(tab).get_by_role('button', name='Print')).to_be_visible()
