"""Clients read the portal in their own language, in Chromium: a German client at a desk, a French one on a phone.

In the demo data Alex at Acme (billed in euros here) reads German, and Peter at Initech, given portal access here,
reads French. The staff member who looks at the same documents keeps English. What each page should say is taken
from the catalogs the server reads (`_()` under `formats.reading`), so a better translation does not break a test,
while an English text left on a page does.
"""
from __future__ import annotations

import io
import re
import sqlite3
import time
from functools import cache

import pytest
from babel.messages.pofile import read_po
from playwright.sync_api import Browser, BrowserContext, Page, expect
from pypdf import PdfReader

from domain import formats
from domain.formats import _, reading
from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from integrations import catalogs
from tests.e2e.conftest import Server, accessibility_violations, at_rest, fits_the_screen, new_context, sign_in

FRENCH_EMAIL = 'peter@initech.example'
LIVE = 5_000  # ms
PORTAL_PAGES = ['/portal', '/portal/estimates', '/portal/invoices', '/portal/payments', '/portal/statement',
                '/portal/account', '/portal/company', '/portal/password']


def window(browser: Browser, *, phone: bool, locale: str = 'en-US') -> BrowserContext:
    """A browser window of its own (no shared cookies): a phone or a desk, in a language."""
    return new_context(browser, viewport={'width': 375, 'height': 812} if phone else {'width': 1280, 'height': 900},
                       locale=locale)


def _database(server: Server) -> sqlite3.Connection:
    return sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://'))


@pytest.fixture(scope='module', autouse=True)
def languages(server: Server) -> None:
    """Alex reads German and is billed in euros; Peter reads French and may sign in with Alex's demo password."""
    with _database(server) as db:
        acme = db.execute('SELECT contact_id, password_hash FROM contact_person WHERE email = ?',
                          (CLIENT_EMAIL,)).fetchone()
        db.execute("UPDATE contact_person SET language = 'de' WHERE email = ?", (CLIENT_EMAIL,))
        for table in ('contact', 'document', 'payment'):
            column = 'id' if table == 'contact' else 'contact_id'
            db.execute(f"UPDATE {table} SET currency = 'EUR' WHERE {column} = ?", (acme[0],))
        db.execute("UPDATE contact_person SET language = 'fr', portal_access = 'active', password_hash = ? "
                   'WHERE email = ?', (acme[1], FRENCH_EMAIL))


def open_invoice(server: Server, email: str) -> tuple[int, str]:
    with _database(server) as db:
        return db.execute(
            'SELECT d.id, d.number FROM document d JOIN contact_person p ON p.contact_id = d.contact_id '
            "WHERE p.email = ? AND d.kind = 'invoice' AND d.status IN ('sent', 'partially_paid') "
            'ORDER BY d.id LIMIT 1', (email,)).fetchone()


def sign_in_as(page: Page, server: Server, email: str, language: str) -> None:
    """The sign-in page already speaks the browser's language (the context's `locale`)."""
    with reading(language):
        email_label, password_label, button = _('Email'), _('Password'), _('Sign in')
    page.goto(f'{server.url}/portal/login')
    assert page.evaluate('document.documentElement.lang') == formats.QUASAR[language]
    page.get_by_label(email_label, exact=True).fill(email)
    page.get_by_label(password_label, exact=True).fill(CLIENT_PASSWORD)
    page.get_by_role('button', name=button).click()
    page.wait_for_url(f'{server.url}/portal')


def shown(page: Page) -> None:
    """The page is drawn, its title on screen, and holds still."""
    expect(page.get_by_role('heading', level=1)).to_be_visible()
    at_rest(page)


@cache
def english_texts(language: str) -> frozenset[str]:
    """The catalog's English texts that read differently in `language` (and hold no placeholder)."""
    with catalogs.TEMPLATE.open('rb') as file:
        ids = [message.id for message in read_po(file) if isinstance(message.id, str) and message.id]
    with reading(language):
        return frozenset(text for text in ids if '{' not in text and _(text) != text)


SHOWN_TEXTS = """() => {
    const texts = [];
    for (const element of document.body.querySelectorAll('*')) {
        if (element.closest('[aria-hidden=true], script, style')) continue;
        for (const name of ['aria-label', 'placeholder', 'title', 'alt']) {
            if (element.getAttribute(name)) texts.push(element.getAttribute(name).trim());
        }
        for (const node of element.childNodes) {
            if (node.nodeType === Node.TEXT_NODE && node.textContent.trim()) texts.push(node.textContent.trim());
        }
    }
    return texts;
}"""


def assert_reads(page: Page, language: str) -> None:
    """The page is marked with the language and shows no text left in English (a label, a button, an aria-label)."""
    assert page.evaluate('document.documentElement.lang') == formats.QUASAR[language], page.url
    left = sorted({text for text in page.evaluate(SHOWN_TEXTS) if text in english_texts(language)})
    assert left == [], (page.url, left)


def test_a_german_client_reads_every_page_in_german_while_staff_keep_english(browser: Browser, server: Server):
    context = window(browser, phone=False, locale='de-DE')
    page = context.new_page()
    invoice_id, number = open_invoice(server, CLIENT_EMAIL)
    try:
        sign_in_as(page, server, CLIENT_EMAIL, 'de')
        for path in PORTAL_PAGES:
            page.goto(f'{server.url}{path}')
            shown(page)
            assert_reads(page, 'de')
            assert accessibility_violations(page) == [], path
        page.goto(f'{server.url}/portal/invoices')
        expect(page.get_by_text(re.compile(r'\d{1,3}(\.\d{3})*,\d{2}\s€')).first).to_be_visible()
        page.goto(f'{server.url}/portal/invoices/{invoice_id}')
        with reading('de'):
            heading = _('Invoice {number}').format(number=number)
        expect(page.get_by_role('heading', name=heading)).to_be_visible()
        expect(page.get_by_text(re.compile(r'\d{2}\.\d{2}\.\d{4}')).first).to_be_visible()

        pdf = page.request.get(f'{server.url}/portal/documents/{invoice_id}.pdf')
        assert pdf.ok
        text = ''.join(p.extract_text() for p in PdfReader(io.BytesIO(pdf.body())).pages)
        with reading('de'):
            assert _('Invoice') in text and 'Invoice' not in text.replace(_('Invoice'), '')
        assert re.search(r'\d,\d{2}\s?€', text)
    finally:
        context.close()

    staff_context = window(browser, phone=False)
    staff = staff_context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)  # the staff user's language is English
        staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
        expect(staff.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        assert staff.evaluate('document.documentElement.lang') == 'en-US'
    finally:
        staff_context.close()


def test_a_french_client_on_a_phone_reads_french_and_every_page_passes_axe(browser: Browser, server: Server):
    context = window(browser, phone=True, locale='fr-FR')
    page = context.new_page()
    try:
        sign_in_as(page, server, FRENCH_EMAIL, 'fr')
        for path in PORTAL_PAGES:
            page.goto(f'{server.url}{path}')
            shown(page)
            assert_reads(page, 'fr')
            assert accessibility_violations(page) == [], path
            assert fits_the_screen(page), path
    finally:
        context.close()


def test_two_clients_keep_their_own_language_when_staff_replies_reach_them_live(browser: Browser, server: Server):
    """A German and a French page are open on one server process; staff reply to both; each new comment arrives
    without a reload, labelled and dated in its reader's language."""
    contexts = []
    try:
        pages = {}
        for email, language in ((CLIENT_EMAIL, 'de'), (FRENCH_EMAIL, 'fr')):
            context = window(browser, phone=True, locale=language)
            contexts.append(context)
            client = context.new_page()
            sign_in_as(client, server, email, language)
            invoice_id, _number = open_invoice(server, email)
            client.goto(f'{server.url}/portal/invoices/{invoice_id}')
            shown(client)
            pages[language] = (client, invoice_id)

        staff_context = window(browser, phone=False)
        contexts.append(staff_context)
        staff = staff_context.new_page()
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        for language, (client, invoice_id) in pages.items():
            staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
            reply = f'Reply for the {language} reader'
            staff.get_by_label('Comment', exact=True).fill(reply)
            staff.get_by_role('checkbox', name='Display in portal').click()
            staff.get_by_role('button', name='Post comment').click()
            with reading(language):
                feed_name, mark = _('Comments'), _('From the business')
            feed = client.get_by_role('log', name=feed_name)
            expect(feed.get_by_text(reply, exact=True)).to_be_visible(timeout=LIVE)
            expect(feed.get_by_text(mark, exact=True).last).to_be_visible()
            assert_reads(client, language)
        for language, (client, _id) in pages.items():  # neither page was switched by the other's update
            assert_reads(client, language)
    finally:
        for context in contexts:
            context.close()


def first_of(server: Server, sql: str) -> int:
    with _database(server) as db:
        return db.execute(sql).fetchone()[0]


def eventually_first_of(server: Server, sql: str, timeout: float = 20.0) -> int:
    """`first_of`, for a row that the server writes in the background (mail goes out after the request)."""
    deadline = time.monotonic() + timeout
    while True:
        with _database(server) as db:
            row = db.execute(sql).fetchone()
        if row is not None or time.monotonic() > deadline:
            assert row is not None, f'no row for {sql} after {timeout} s'
            return row[0]
        time.sleep(0.2)


def test_a_german_owner_reads_every_staff_page_in_german(browser: Browser, server: Server):
    """Last in this module: the owner switches to German, as set on the Staff users page."""
    with _database(server) as db:
        db.execute("UPDATE staff_user SET language = 'de' WHERE email = ?", (STAFF_EMAIL,))
    contact = first_of(server, "SELECT id FROM contact WHERE display_name = 'Acme Corporation'")
    invoice = first_of(server, "SELECT id FROM document WHERE kind = 'invoice' AND status = 'sent' ORDER BY id")
    estimate = first_of(server, "SELECT id FROM document WHERE kind = 'estimate' ORDER BY id")
    draft = first_of(server, "SELECT id FROM document WHERE kind = 'invoice' AND status = 'draft' ORDER BY id")
    mail = eventually_first_of(server, 'SELECT id FROM outgoing_mail ORDER BY id')  # the replies' notices
    pages = ['/staff', '/staff/contacts', f'/staff/contacts/{contact}', f'/staff/contacts/{contact}/edit',
             '/staff/contacts/new', '/staff/estimates', f'/staff/estimates/{estimate}', '/staff/estimates/new',
             '/staff/invoices', f'/staff/invoices/{invoice}', f'/staff/invoices/{draft}/edit', '/staff/invoices/new',
             '/staff/payments', '/staff/payments/new', '/staff/mail', f'/staff/mail/{mail}', '/staff/settings',
             '/staff/users', '/staff/password', '/staff/two-step-sign-in']
    context = window(browser, phone=False)
    staff = context.new_page()
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)  # the sign-in page follows the browser (English)
        for path in pages:
            staff.goto(f'{server.url}{path}')
            shown(staff)
            assert_reads(staff, 'de')
            assert accessibility_violations(staff) == [], path
    finally:
        context.close()
