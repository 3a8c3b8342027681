"""In Chromium: a client and a staff user put script, markup, template and control-character payloads into every
text field they can write; then every portal and staff page, the bell and the PDFs are opened. No script runs, no
dialog opens, nothing answers 500, and the text reads as it was typed (or is refused with a message).
"""
from __future__ import annotations

import io
import json
import re
import subprocess
import sys

import pytest
from playwright.sync_api import Page, expect
from pypdf import PdfReader

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.conftest import ROOT
from tests.e2e.conftest import Server, sign_in
from tests.e2e.portal.hostile_seed import ALL, JS, QUOTE, TAGS, VUE

CONTROL = 'Remove the control characters (such as NUL or a line break) from this field.'


@pytest.fixture(scope='module')
def seeded(server: Server) -> dict[str, int]:
    done = subprocess.run([sys.executable, '-m', 'tests.e2e.portal.hostile_seed'], cwd=ROOT, env=server.env, check=True,
                          capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


class Watch:
    """What a hostile payload would make happen in the tab: a dialog, a server error, a global flag, a new title."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.failures: list[str] = []
        page.on('response', lambda r: self.failures.append(f'{r.status} {r.url}') if r.status >= 500 else None)
        page.on('dialog', self._dialog)

    def _dialog(self, dialog) -> None:
        self.failures.append(f'dialog: {dialog.message}')
        dialog.dismiss()

    def open(self, path: str, *shown: str) -> None:
        """Open a page, wait until it shows each of `shown` as text, and check that nothing ran."""
        self.page.goto(self._url(path))
        for text in shown:
            expect(self.page.locator('body')).to_contain_text(text)
        self.check()

    def _url(self, path: str) -> str:
        scheme, _, host = self.page.url.split('/', 3)[:3]
        return f'{scheme}//{host}{path}'

    def check(self) -> None:
        """Once every picture on the page has loaded or failed, and with it run any `onerror` an injected `<img>`
        carried (a template or an attribute runs as the page draws, before the text it hides could show)."""
        self.page.wait_for_function("[...document.images].every(image => image.complete || image.loading === 'lazy')")
        assert self.page.evaluate('typeof window.__xss') == 'undefined', self.page.url
        assert self.page.title() != 'PWNED', self.page.url
        assert self.failures == [], self.failures

    def pdf(self, path: str) -> str:
        response = self.page.request.get(self._url(path), timeout=30_000)  # PDFs take a while on a busy machine
        assert response.status == 200, (path, response.status)
        text = ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(response.body())).pages)
        return re.sub(r'\s+', '', text)


def printed(text: str) -> str:
    return re.sub(r'\s+', '', text)


def test_hostile_text_never_runs_in_either_side_and_reads_as_typed(page: Page, server: Server,
                                                                     seeded: dict[str, int]):
    watch = Watch(page)

    # staff write a banner for the client dashboard in the browser
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    watch.open('/staff/settings', 'Client portal')
    page.get_by_label('Banner message for the client dashboard').fill(ALL)
    page.get_by_role('button', name='Save portal settings').click()
    expect(page.get_by_text('Portal settings saved.')).to_be_visible()
    watch.check()
    page.context.clear_cookies()

    # the client types payloads into their company details, their own name and a comment
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    watch.open('/portal/company', 'My Company Details')
    page.get_by_label('Company name').fill('Acme\x00 Corporation')
    page.get_by_role('button', name='Save company details').click()
    expect(page.get_by_text(CONTROL)).to_be_visible()
    page.get_by_label('Company name').fill(QUOTE)
    page.get_by_label('Billing address').fill(f'{TAGS}\n{VUE}\n{JS}')
    page.get_by_role('button', name='Save company details').click()
    expect(page.get_by_text('Company details saved.')).to_be_visible()
    watch.check()
    watch.open('/portal/account', 'My Account')
    page.get_by_label('First name').fill(VUE)
    page.get_by_label('Last name').fill(JS)
    page.get_by_role('button', name='Save details').click()
    expect(page.get_by_text('Your details are saved.')).to_be_visible()
    watch.check()
    invoice, estimate = seeded['invoice'], seeded['estimate']
    watch.open(f'/portal/invoices/{invoice}', QUOTE, TAGS)
    page.get_by_role('textbox', name='Comment').fill(ALL)
    page.get_by_role('button', name='Post comment').click()
    expect(page.locator('body')).to_contain_text(VUE)
    watch.check()

    # every portal page and PDF shows the payloads as text
    watch.open('/portal', VUE, JS, TAGS)  # the banner, and the greeting with the first name
    watch.open('/portal/invoices', JS)
    watch.open(f'/portal/invoices/{invoice}', QUOTE, TAGS, VUE, JS)
    watch.open('/portal/estimates', JS)
    watch.open(f'/portal/estimates/{estimate}', QUOTE, TAGS, VUE, JS)
    watch.open('/portal/payments', QUOTE)
    watch.open('/portal/statement', 'Statement of Accounts')
    watch.open('/portal/account', 'My Account')
    expect(page.get_by_label('First name')).to_have_value(VUE)
    watch.open('/portal/company', 'My Company Details')
    expect(page.get_by_label('Company name')).to_have_value(QUOTE)
    document = watch.pdf(f'/portal/documents/{invoice}.pdf')
    assert all(printed(text) in document for text in (QUOTE, TAGS, VUE, JS))
    assert printed(QUOTE) in watch.pdf('/portal/statement.pdf')  # the reference of the offline payment
    page.context.clear_cookies()

    # every staff page, the bell and the PDFs
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    hostile = seeded['hostile']
    assert printed(QUOTE) in watch.pdf(f'/staff/documents/{seeded["hostile_invoice"]}.pdf')
    assert printed(TAGS) in watch.pdf(f'/staff/contacts/{hostile}/statement.pdf')  # the name with a NUL in it
    watch.open('/staff', VUE)  # recent client activity names the client by the first name they typed
    page.get_by_role('button', name=re.compile('Client activity')).click()
    expect(page.get_by_role('menu').or_(page.locator('.q-menu'))).to_contain_text(VUE)
    watch.check()
    page.keyboard.press('Escape')
    watch.open('/staff/contacts', QUOTE, TAGS)
    watch.open(f'/staff/contacts/{hostile}', QUOTE, TAGS, VUE, JS)
    watch.open(f'/staff/contacts/{seeded["acme"]}', QUOTE, VUE, JS)
    watch.open(f'/staff/contacts/{hostile}/edit', 'Display name')
    watch.open('/staff/invoices', TAGS, QUOTE)
    watch.open(f'/staff/invoices/{invoice}', QUOTE, TAGS, VUE, JS)
    watch.open(f'/staff/invoices/{invoice}/edit', 'Line 1')
    expect(page.get_by_role('listitem', name='Line 1').get_by_label('Item')).to_have_value(QUOTE)
    watch.check()
    watch.open('/staff/estimates', QUOTE)
    watch.open(f'/staff/estimates/{estimate}', QUOTE, TAGS, VUE, JS)
    watch.open('/staff/payments', QUOTE, TAGS)  # the page the issue found: a delete button per row
    watch.open('/staff/mail', 'Sent mail')
    watch.open(f'/staff/mail/{seeded["forward_mail"]}', TAGS, VUE, JS)
    watch.open('/staff/users', QUOTE)
    watch.open('/staff/settings', 'Client portal')
    expect(page.get_by_label('Banner message for the client dashboard')).to_have_value(ALL)
    watch.check()
