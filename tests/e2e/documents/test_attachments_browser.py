"""Files on a document both ways, in Chromium: staff attach one PDF shown in the portal and one internal; the client
sees only the first, downloads it, uploads a purchase order, and staff see it arrive without a reload."""
from __future__ import annotations

import json
import re
import socket
import threading
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from domain.files.attachments import MAX_FILE
from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.documents.test_pdf_browser import acme_documents

PDF = b'%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n'


def pdf_file(name: str) -> dict:
    return {'name': name, 'mimeType': 'application/pdf', 'buffer': PDF}


def test_staff_and_client_share_files_on_an_invoice_and_each_sees_what_they_should(
        page: Page, browser: Browser, server: Server):
    (invoice_id, number), *_ = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent'")
    staff = new_context(browser, viewport={'width': 1280, 'height': 900}).new_page()
    staff.set_default_timeout(10_000)
    sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
    expect(staff.get_by_role('heading', name='Attachments')).to_be_visible()
    staff.get_by_role('checkbox', name='Show in portal').click()
    staff.get_by_label('Attach a file').set_input_files(pdf_file('Scope of work.pdf'))
    files = staff.get_by_role('list', name='Attachments')
    expect(files.get_by_role('link', name='Scope of work.pdf')).to_be_visible()
    staff.get_by_role('checkbox', name='Show in portal').click()  # the next one stays internal
    staff.get_by_label('Attach a file').set_input_files(pdf_file('Margin notes.pdf'))
    expect(files.get_by_role('link', name='Margin notes.pdf')).to_be_visible()
    expect(files.get_by_role('listitem')).to_have_count(2)

    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    page.goto(f'{server.url}/portal/invoices/{invoice_id}')
    shared = page.get_by_role('list', name='Attachments')
    expect(shared.get_by_role('link', name='Scope of work.pdf')).to_be_visible()
    expect(shared.get_by_role('link', name='Margin notes.pdf')).to_have_count(0)
    href = shared.get_by_role('link', name='Scope of work.pdf').get_attribute('href')
    download = page.request.get(f'{server.url}{href}')
    assert download.status == 200 and download.body() == PDF
    assert download.headers['content-disposition'].startswith('attachment; filename="Scope of work.pdf"')
    assert download.headers['x-content-type-options'] == 'nosniff'
    assert download.headers['content-security-policy'].startswith('sandbox')
    internal_id = re.search(r'\d+$', files.get_by_role('link', name='Margin notes.pdf').get_attribute('href')).group(0)
    assert page.request.get(f'{server.url}/portal/attachments/{internal_id}').status == 404

    upload = page.get_by_label(re.compile('Upload a file for the business'))
    upload.set_input_files({'name': 'invoice.pdf', 'mimeType': 'application/pdf',
                            'buffer': b'<!doctype html><script>alert(1)</script>'})
    expect(page.get_by_role('alert').filter(has_text='cannot be attached')).to_be_visible()
    upload.set_input_files(pdf_file('Purchase order 4711.pdf'))
    expect(shared.get_by_role('link', name='Purchase order 4711.pdf')).to_be_visible()
    expect(page.get_by_role('button', name='Delete Purchase order 4711.pdf')).to_be_visible()
    expect(page.get_by_role('button', name='Delete Scope of work.pdf')).to_have_count(0)
    assert accessibility_violations(page) == []

    # staff never reloaded: the client's file is there, with who added it
    expect(files.get_by_role('link', name='Purchase order 4711.pdf')).to_be_visible()
    expect(files.get_by_text(re.compile(r'added by Alex .* \(client\)'))).to_be_visible()
    expect(files.get_by_text('From the client')).to_be_visible()

    page.get_by_role('button', name='Delete Purchase order 4711.pdf').click()
    page.get_by_role('button', name='Delete file').click()
    expect(shared.get_by_role('link', name='Purchase order 4711.pdf')).to_have_count(0)
    expect(files.get_by_role('link', name='Purchase order 4711.pdf')).to_have_count(0)  # gone live for staff too

    staff.get_by_role('button', name=re.compile('^Client activity')).click()  # the bell has it, like a comment
    expect(staff.get_by_text(re.compile(f'uploaded a file to .*{number}'))).to_be_visible()
    staff.context.close()


def sized_pdf(name: str, size: int) -> dict:
    """A PDF of exactly `size` bytes, padded with a comment the way a scan pads its image data."""
    body = PDF[:-6] + b'%' + b'7' * (size - len(PDF) - 2) + b'\n%%EOF\n'
    assert len(body) == size
    return {'name': name, 'mimeType': 'application/pdf', 'buffer': body}


def post_past_the_limit(server: Server, path: str, cookies: str, *, chunked: bool) -> tuple[int, bytes]:
    """POST one byte more than 10 MB as a client that skips the browser's check, reading the answer while the body
    is still going out (the server answers and closes without reading the rest): its status and body."""
    body = sized_pdf('Too big.pdf', MAX_FILE + 1)['buffer']
    length = 'Transfer-Encoding: chunked' if chunked else f'Content-Length: {len(body)}'
    sock = socket.create_connection(('127.0.0.1', server.port), timeout=30)
    sock.sendall(f'POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nCookie: {cookies}\r\nX-File-Name: Too%20big.pdf\r\n'
                 f'Content-Type: application/octet-stream\r\n{length}\r\n\r\n'.encode())

    def send_body() -> None:
        try:
            for start in range(0, len(body), 65536):
                part = body[start:start + 65536]
                sock.sendall(b'%x\r\n%s\r\n' % (len(part), part) if chunked else part)
        except OSError:
            pass  # the server answered and closed: it stopped reading, which is the point
    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b''
    try:
        while True:
            data = sock.recv(65536)
            if not data:
                break
            answer += data
            head, _, rest = answer.partition(b'\r\n\r\n')
            length_header = re.search(rb'content-length: *(\d+)', head, re.IGNORECASE)
            if length_header and len(rest) >= int(length_header.group(1)):
                break
    except OSError:
        pass
    finally:
        sock.close()
        sender.join(timeout=30)
    head, _, rest = answer.partition(b'\r\n\r\n')
    return int(head.split(b' ', 2)[1]), rest


def files_kept(server: Server) -> list[Path]:
    folder = Path(server.env['DATA_DIR']) / 'attachments'
    return [path for path in folder.rglob('*') if path.is_file()] if folder.exists() else []


def test_scans_up_to_ten_megabytes_go_both_ways_and_a_byte_more_is_refused_in_words(
        page: Page, browser: Browser, server: Server):
    (_, _), (invoice_id, _), *_ = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent'")
    staff = new_context(browser, viewport={'width': 1280, 'height': 900}).new_page()
    staff.set_default_timeout(30_000)
    sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
    staff.get_by_role('checkbox', name='Show in portal').click()
    scan = sized_pdf('Signed contract scan.pdf', 9_500_000)
    staff.get_by_label('Attach a file').set_input_files(scan)
    files = staff.get_by_role('list', name='Attachments')
    expect(files.get_by_role('link', name='Signed contract scan.pdf')).to_be_visible(timeout=30_000)
    href = files.get_by_role('link', name='Signed contract scan.pdf').get_attribute('href')
    assert staff.request.get(f'{server.url}{href}').body() == scan['buffer']

    page.set_default_timeout(30_000)
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    page.goto(f'{server.url}/portal/invoices/{invoice_id}')
    shared = page.get_by_role('list', name='Attachments')
    href = shared.get_by_role('link', name='Signed contract scan.pdf').get_attribute('href')
    assert page.request.get(f'{server.url}{href}').body() == scan['buffer']  # the client gets the same bytes
    photo = sized_pdf('Delivery note photo.pdf', MAX_FILE)
    upload = page.get_by_label(re.compile('Upload a file for the business'))
    upload.set_input_files(photo)
    expect(shared.get_by_role('link', name='Delivery note photo.pdf')).to_be_visible(timeout=30_000)
    href = shared.get_by_role('link', name='Delivery note photo.pdf').get_attribute('href')
    assert page.request.get(f'{server.url}{href}').body() == photo['buffer']
    expect(files.get_by_role('link', name='Delivery note photo.pdf')).to_be_visible()  # staff see it arrive
    kept = len(files_kept(server))

    upload.set_input_files(sized_pdf('Too big.pdf', MAX_FILE + 1))
    expect(page.get_by_role('alert').filter(has_text='larger than 10 MB')).to_be_visible()
    staff.get_by_label('Attach a file').set_input_files(sized_pdf('Too big.pdf', MAX_FILE + 1))
    expect(staff.get_by_role('alert').filter(has_text='larger than 10 MB')).to_be_visible()
    # the server's own answer to a client that skips the browser's check, on the real route, both sides
    for tab, side in ((page, 'portal'), (staff, 'staff')):
        cookies = '; '.join(f'{cookie["name"]}={cookie["value"]}' for cookie in tab.context.cookies())
        for chunked in (False, True):
            status, answer = post_past_the_limit(server, f'/{side}/documents/{invoice_id}/attachments', cookies,
                                                 chunked=chunked)
            assert status == 413 and 'larger than 10 MB' in json.loads(answer)['message'], (side, chunked, answer)
    expect(files.get_by_role('link', name='Too big.pdf')).to_have_count(0)
    assert len(files_kept(server)) == kept  # nothing of the refused files stayed on the disk
    staff.context.close()
