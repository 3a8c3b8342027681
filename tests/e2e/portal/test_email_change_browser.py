"""The demo client changes their sign-in email in Chromium: the request, the link from the email, the confirmation,
and signing in with the new address; the new pages pass axe-core."""
import re
import sqlite3

from playwright.sync_api import Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, sign_in

NEW_EMAIL = 'alex.new@acme.example'


def confirmation_link(server: Server) -> str:
    """The link in the newest confirmation email, read from the outbox as the mail sender would."""
    path = server.env['DATABASE_URL'].removeprefix('sqlite://')
    with sqlite3.connect(path) as db:
        (body,) = db.execute("SELECT text_body FROM outgoing_mail WHERE kind = 'email_change' "
                             'ORDER BY id DESC LIMIT 1').fetchone()
    found = re.search(r'/portal/confirm-email/[\w-]+', body)
    assert found is not None
    return found.group(0)


def test_the_client_confirms_a_new_email_from_the_link_and_signs_in_with_it(page: Page, server: Server):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    page.goto(f'{server.url}/portal/account')
    page.get_by_label('New email address').fill(NEW_EMAIL)
    page.get_by_label('Current password').fill(CLIENT_PASSWORD)
    page.get_by_role('button', name='Change email').click()
    expect(page.get_by_role('status').filter(has_text='We sent a link to')).to_contain_text(
        f'We sent a link to {NEW_EMAIL} to confirm it.')
    page.wait_for_function('!document.querySelector(".q-loading-bar[role=progressbar]")')
    assert accessibility_violations(page) == []

    link = confirmation_link(server)
    page.goto(f'{server.url}{link}')
    expect(page.get_by_text(f'with {NEW_EMAIL} from now on?')).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role('button', name='Confirm email address').click()
    expect(page.get_by_role('status').filter(has_text='now')).to_contain_text(f'Your email address is now {NEW_EMAIL}')
    page.wait_for_function('!document.querySelector(".q-loading-bar[role=progressbar]")')  # Quasar's own bar
    assert accessibility_violations(page) == []

    page.goto(f'{server.url}/portal')  # every session ended, this one too
    expect(page).to_have_url(re.compile(r'/portal/login'))
    sign_in(page, server, 'portal', NEW_EMAIL, CLIENT_PASSWORD)
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()

    page.goto(f'{server.url}{link}')  # the link worked once
    expect(page.get_by_role('alert')).to_contain_text('This confirmation link can no longer be used')
