"""A client accepts estimates with a signature in Chromium: drawn with the mouse, and typed by keyboard alone; staff
see the record, the PDF carries it, and the accepted estimate can no longer be edited."""
from __future__ import annotations

import io
import re
import sqlite3
from pathlib import Path

from PIL import Image
from playwright.sync_api import Browser, Page, expect
from pypdf import PdfReader

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.documents.test_pdf_browser import acme_documents, render_first_page

AWAITING = "c.display_name = 'Acme Corporation' AND d.kind = 'estimate' AND d.status = 'sent' " \
           "AND d.expiry_date >= date('now')"


def open_estimate(page: Page, server: Server, estimate_id: int, number: str) -> None:
    page.goto(f'{server.url}/portal/estimates/{estimate_id}')
    expect(page.get_by_role('heading', name=f'Estimate {number}', exact=True)).to_be_visible()


def draw_signature(page: Page) -> None:
    box = page.get_by_role('img', name=re.compile('Signature pad')).bounding_box()
    assert box is not None
    x, y, w, h = box['x'], box['y'], box['width'], box['height']
    page.mouse.move(x + w * 0.1, y + h * 0.6)
    page.mouse.down()
    for step in range(1, 21):
        page.mouse.move(x + w * (0.1 + 0.04 * step), y + h * (0.6 - 0.3 * ((step % 4) / 3)), steps=2)
    page.mouse.up()


def tab_to(page: Page, text: str) -> None:
    """Press Tab until the focused element is the one named `text` (as a person listening to a screen reader)."""
    for _ in range(20):
        page.keyboard.press('Tab')
        focused = page.evaluate('(document.activeElement.getAttribute("aria-label") || '
                                'document.activeElement.innerText || "").trim()')
        if text in focused:
            return
    raise AssertionError(f'Tab never reached {text!r}')


def test_a_client_draws_a_signature_and_staff_the_pdf_and_the_editor_all_show_the_acceptance(
        page: Page, browser: Browser, server: Server, tmp_path: Path):
    (estimate_id, number), *_ = acme_documents(server, AWAITING)
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    open_estimate(page, server, estimate_id, number)
    page.get_by_role('button', name='Accept', exact=True).click()
    dialog = page.get_by_role('dialog', name=f'Accept estimate {number}?')
    expect(dialog.get_by_role('img', name=re.compile('Signature pad'))).to_be_visible()
    assert accessibility_violations(page) == []

    dialog.get_by_role('button', name='Accept estimate').click()  # nothing filled in yet
    expect(dialog.get_by_text('Enter your full name.')).to_be_visible()
    expect(dialog.get_by_text('Tick the box to agree to the terms.')).to_be_visible()
    expect(dialog.get_by_text(re.compile('Sign in the box'))).to_be_visible()

    dialog.get_by_label('Full name').fill('Alex Morgan')
    dialog.get_by_role('checkbox', name='I agree to the terms').click()
    draw_signature(page)
    dialog.get_by_role('button', name='Clear').click()  # a false start
    dialog.get_by_role('button', name='Accept estimate').click()
    expect(dialog.get_by_text(re.compile('Sign in the box'))).to_be_visible()
    expect(dialog.get_by_text('Enter your full name.')).to_be_hidden()
    draw_signature(page)
    dialog.get_by_role('button', name='Accept estimate').click()
    expect(page.get_by_text('You accepted this estimate on')).to_be_visible()
    expect(page.get_by_text(re.compile('Signed as Alex Morgan on'))).to_be_visible()

    pdf = page.request.get(f'{server.url}/portal/documents/{estimate_id}.pdf').body()
    text = re.sub(r'\s+', ' ', ' '.join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    assert re.search(r'Accepted by Alex Morgan on \d\d \w{3} \d{4}', text), text
    images = [image for p in PdfReader(io.BytesIO(pdf)).pages for image in p.images]
    assert len(images) == 1
    signature = Image.open(io.BytesIO(images[0].data))
    assert signature.size[0] > signature.size[1] and signature.getchannel('A').getbbox() is not None
    rendered = render_first_page(pdf, tmp_path).convert('L')
    assert rendered.size[0] < rendered.size[1]

    staff = new_context(browser, viewport={'width': 1280, 'height': 900}).new_page()
    sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    staff.goto(f'{server.url}/staff/estimates/{estimate_id}')
    record = staff.get_by_role('heading', name='Accepted in the client portal')
    expect(record).to_be_visible()
    expect(staff.get_by_text(re.compile('Accepted by Alex Morgan on'))).to_be_visible()
    expect(staff.get_by_role('img', name='Signature of Alex Morgan')).to_be_visible()
    expect(staff.get_by_text('Drawn signature')).to_be_visible()
    expect(staff.get_by_text(re.compile('^[0-9a-f]{64}$'))).to_be_visible()
    expect(staff.get_by_role('button', name='Edit')).to_have_count(0)
    staff.goto(f'{server.url}/staff/estimates/{estimate_id}/edit')
    expect(staff.get_by_text(f'{number} is accepted and can no longer be edited.')).to_be_visible()
    staff.context.close()


def sent_again(server: Server) -> tuple[int, str]:
    """The demo's declined Acme estimate, sent again as staff would after changing it (set in the database)."""
    (estimate_id, number), *_ = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'estimate' AND d.status = 'declined'")
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as db:
        db.execute("UPDATE document SET status = 'sent', expiry_date = date('now', '+30 days') WHERE id = ?",
                   (estimate_id,))
    return estimate_id, number


def test_keyboard_alone_accepts_with_the_typed_name_drawn_as_the_signature(page: Page, server: Server):
    estimate_id, number = sent_again(server)
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    open_estimate(page, server, estimate_id, number)
    page.get_by_role('button', name='Accept', exact=True).focus()
    page.keyboard.press('Enter')
    dialog = page.get_by_role('dialog', name=f'Accept estimate {number}?')
    expect(dialog.get_by_label('Full name')).to_be_focused()
    page.keyboard.type('Alex Morgan')
    tab_to(page, 'Use typed name as signature')
    page.keyboard.press('Enter')
    tab_to(page, 'I agree to the terms')
    page.keyboard.press('Space')
    expect(dialog.get_by_role('checkbox', name='I agree to the terms')).to_be_checked()
    tab_to(page, 'Accept estimate')
    page.keyboard.press('Enter')
    expect(page.get_by_text(re.compile('Signed as Alex Morgan on'))).to_be_visible()
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as db:
        kind, png = db.execute('SELECT signature_kind, signature_png FROM estimate_acceptance WHERE document_id = ?',
                               (estimate_id,)).fetchone()
    assert kind == 'typed' and Image.open(io.BytesIO(png)).getchannel('A').getbbox() is not None
    assert accessibility_violations(page) == []
