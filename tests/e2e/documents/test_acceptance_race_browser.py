"""Issue 32 in Chromium: a client's confirmation is open on an estimate ($540.00) when it changes ($17,460.00).

When staff save the change in their editor, the client's page hears of it: the confirmation goes away and the page
says what changed, with the new total. When the page has not heard of it (the change came through another process
whose notice was lost; here it is written straight into the database), pressing "Accept estimate" is refused in the
same words. Either way nothing is accepted that the client did not see, with or without a signature.
"""
from __future__ import annotations

import re
import sqlite3

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in
from tests.e2e.documents.test_pdf_browser import acme_documents
from tests.e2e.documents.test_signatures_browser import open_estimate

CHANGED = 'This estimate was changed while you were reading it: its total is now $17,460.00. Please read it again ' \
          'before accepting it.'


def database(server: Server) -> sqlite3.Connection:
    return sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://'))


def six_hours_of_design(server: Server, which: int, *, signature: bool) -> tuple[int, str]:
    """One of Acme's demo estimates, made into 6 hours of design at $90.00 ($540.00) awaiting the client's answer,
    with the business asking for a signature or not (written in the database, as staff would have set it up)."""
    (estimate_id, number) = acme_documents(
        server, "c.display_name = 'Acme Corporation' AND d.kind = 'estimate' AND d.status != 'draft'")[which]
    with database(server) as db:
        db.execute('UPDATE business SET require_signature = ?', (signature,))
        db.execute('DELETE FROM document_line WHERE document_id = ? AND position > 1', (estimate_id,))
        db.execute("UPDATE document_line SET position = 1, name = 'Design', description = '', quantity = '6.000', "
                   "rate = 9000, tax_percent = '0.000', amount = 54000, tax_amount = 0 WHERE document_id = ?",
                   (estimate_id,))
        db.execute("UPDATE document SET status = 'sent', subtotal = 54000, tax_total = 0, total = 54000, "
                   "expiry_date = date('now', '+30 days'), decided_at = NULL, decline_reason = '' WHERE id = ?",
                   (estimate_id,))
    return estimate_id, number


def press_accept(page: Page, number: str, *, signature: bool) -> Locator:
    """Press Accept and, with a signature asked for, fill in the dialog by keyboard: the confirmation, ready."""
    page.get_by_role('button', name='Accept', exact=True).click()
    if not signature:
        dialog = page.get_by_role('alertdialog', name=f'Accept estimate {number}?')
        expect(dialog).to_contain_text('You agree to the work and the total of $540.00.')
        return dialog
    dialog = page.get_by_role('dialog', name=f'Accept estimate {number}?')
    expect(dialog.get_by_text('$540.00')).to_be_visible()
    dialog.get_by_label('Full name').fill('Alex Morgan')
    dialog.get_by_role('button', name='Use typed name as signature').click()
    dialog.get_by_role('checkbox', name='I agree to the terms').click()
    expect(dialog.get_by_role('checkbox', name='I agree to the terms')).to_be_checked()
    return dialog


def staff_change_the_quantity(browser: Browser, server: Server, estimate_id: int, quantity: str) -> None:
    """Olivia, at her desk, opens the estimate in the editor, types the new quantity and saves."""
    staff = new_context(browser, viewport={'width': 1280, 'height': 900}).new_page()
    sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    staff.goto(f'{server.url}/staff/estimates/{estimate_id}/edit')
    staff.get_by_role('listitem', name='Line 1').get_by_label('Quantity').fill(quantity)
    expect(staff.get_by_text('$17,460.00').first).to_be_visible()
    staff.get_by_role('button', name='Save changes').click()
    expect(staff.get_by_role('button', name='Edit')).to_be_visible()  # back on the estimate's page, saved
    staff.context.close()


def accepted(server: Server, estimate_id: int) -> tuple[str, list[str]]:
    """The estimate's status and the content hashes of its acceptance records."""
    with database(server) as db:
        status = db.execute('SELECT status FROM document WHERE id = ?', (estimate_id,)).fetchone()[0]
        hashes = [row[0] for row in db.execute('SELECT content_sha256 FROM estimate_acceptance WHERE document_id = ?',
                                               (estimate_id,))]
    return status, hashes


@pytest.mark.parametrize(('which', 'signature'), [(0, False), (1, True)], ids=['one-click', 'signed'])
def test_staff_saving_a_change_withdraws_the_open_confirmation_and_the_page_says_the_new_total(
        page: Page, browser: Browser, server: Server, which: int, signature: bool):
    estimate_id, number = six_hours_of_design(server, which, signature=signature)
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    open_estimate(page, server, estimate_id, number)
    dialog = press_accept(page, number, signature=signature)

    staff_change_the_quantity(browser, server, estimate_id, '194')

    expect(dialog).to_be_hidden()
    expect(page.get_by_role('alert').filter(has_text=CHANGED)).to_be_visible()
    expect(page.get_by_text('$17,460.00', exact=True).first).to_be_visible()  # the estimate's total
    assert accepted(server, estimate_id) == ('sent', [])
    assert accessibility_violations(page) == []

    page.get_by_role('button', name='Accept', exact=True).click()  # the estimate as it now is
    if signature:
        again = page.get_by_role('dialog', name=f'Accept estimate {number}?')
        expect(again.get_by_text('$17,460.00')).to_be_visible()
        again.get_by_label('Full name').fill('Alex Morgan')
        again.get_by_role('button', name='Use typed name as signature').click()
        again.get_by_role('checkbox', name='I agree to the terms').click()
    else:
        again = page.get_by_role('alertdialog', name=f'Accept estimate {number}?')
        expect(again).to_contain_text('You agree to the work and the total of $17,460.00.')
    expect(page.get_by_text(CHANGED)).to_be_hidden()
    again.get_by_role('button', name='Accept estimate').click()
    expect(page.get_by_text(re.compile('You accepted this estimate on'))).to_be_visible()
    status, hashes = accepted(server, estimate_id)
    assert status == 'accepted' and len(hashes) == 1


@pytest.mark.parametrize(('which', 'signature'), [(2, False), (3, True)], ids=['one-click', 'signed'])
def test_accept_estimate_pressed_after_a_change_the_page_never_heard_of_is_refused_with_the_new_total(
        page: Page, server: Server, which: int, signature: bool):
    estimate_id, number = six_hours_of_design(server, which, signature=signature)
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    open_estimate(page, server, estimate_id, number)
    dialog = press_accept(page, number, signature=signature)

    with database(server) as db:  # 194 hours, saved by another process whose notice never arrived
        db.execute("UPDATE document_line SET quantity = '194.000', amount = 1746000 WHERE document_id = ?",
                   (estimate_id,))
        db.execute('UPDATE document SET subtotal = 1746000, total = 1746000 WHERE id = ?', (estimate_id,))
    expect(dialog).to_be_visible()  # nothing told the page
    dialog.get_by_role('button', name='Accept estimate').click()

    expect(page.get_by_role('alert').filter(has_text=CHANGED)).to_be_visible()
    expect(dialog).to_be_hidden()
    expect(page.get_by_text('$17,460.00', exact=True).first).to_be_visible()  # the estimate's total
    expect(page.get_by_role('button', name='Accept', exact=True)).to_be_visible()
    assert accepted(server, estimate_id) == ('sent', [])
