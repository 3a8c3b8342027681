"""A client and a staff member side by side in two Chromium windows: each sees what the other does without reloading.

Alex at Acme (demo data) opens an invoice on a phone while Olivia has it open on the staff side; they talk about it.
"""
import re
import sqlite3

from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, new_context, sign_in

HOSTILE = [
    '<script>window.owned = "script"</script>',
    '<img src=x onerror="window.owned = \'img\'">',
    '[Pay here](javascript:window.owned=1) and **now**',
]
LIVE = 5_000  # ms: what the other person does shows up well within this, without a reload


def unviewed_invoice(server: Server) -> tuple[int, str]:
    database = server.env['DATABASE_URL'].removeprefix('sqlite://')
    with sqlite3.connect(database) as connection:
        return connection.execute(
            "SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent' "
            'AND d.first_viewed_at IS NULL ORDER BY d.id LIMIT 1').fetchone()


def comments_of(page: Page):
    return page.get_by_role('log', name='Comments')


def test_client_and_staff_follow_each_other_live(page: Page, browser: Browser, server: Server):
    invoice_id, number = unviewed_invoice(server)
    staff_context = new_context(browser, viewport={'width': 1280, 'height': 900})
    staff = staff_context.new_page()
    client = page  # a phone-sized window
    try:
        sign_in(staff, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        staff.goto(f'{server.url}/staff/invoices/{invoice_id}')
        expect(staff.get_by_text('Not viewed by the client yet')).to_be_visible()
        bell = staff.get_by_role('button', name=re.compile(r'^Client activity'))
        unread_before = int(re.search(r'(\d+|nothing) unread', bell.get_attribute('aria-label')).group(1)
                            .replace('nothing', '0'))

        sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        client.goto(f'{server.url}/portal/invoices/{invoice_id}')
        expect(client.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()
        expect(staff.get_by_text('Viewed by the client: first')).to_be_visible(timeout=LIVE)  # the eye
        expect(bell).to_have_attribute('aria-label', f'Client activity, {unread_before + 1} unread', timeout=LIVE)

        box = client.get_by_label('Comment', exact=True)
        for text in HOSTILE:
            box.fill(text)
            client.get_by_role('button', name='Post comment').click()
            expect(comments_of(client).get_by_text(text, exact=True)).to_be_visible()
            expect(comments_of(staff).get_by_text(text, exact=True)).to_be_visible(timeout=LIVE)
        for window in (client, staff):  # shown as typed; nothing in it became an element or ran
            feed = comments_of(window)
            assert feed.locator('script, img, a, strong, b, em').count() == 0
            assert window.evaluate('window.owned') is None
        expect(comments_of(staff).get_by_text('Client', exact=True)).to_have_count(3)

        staff.get_by_label('Comment', exact=True).fill('Internal: Alex asked twice already, call them.')
        staff.get_by_role('button', name='Post comment').click()
        expect(comments_of(staff).get_by_text('Internal note', exact=True)).to_be_visible()
        staff.get_by_label('Comment', exact=True).fill('Thanks, Alex. The due date is fine as it is.')
        staff.get_by_role('checkbox', name='Display in portal').click()
        expect(staff.get_by_role('checkbox', name='Email the client')).to_be_checked()
        staff.get_by_role('button', name='Post comment').click()
        expect(comments_of(client).get_by_text('The due date is fine as it is.')).to_be_visible(timeout=LIVE)
        expect(comments_of(client).get_by_text('From the business')).to_be_visible()
        # the reply went out after the note and has arrived: the note, had it been sent, would be there already
        expect(comments_of(client).get_by_text('call them')).to_have_count(0)
        client.reload()
        expect(comments_of(client).get_by_text('The due date is fine as it is.')).to_be_visible()
        expect(comments_of(client).get_by_text('call them')).to_have_count(0)

        for window in (staff, client):
            assert accessibility_violations(window) == []
            assert fits_the_screen(window)
    finally:
        staff_context.close()
