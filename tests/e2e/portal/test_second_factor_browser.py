"""Two-step sign-in in Chromium on a phone-sized screen, on both sides: each person sets it up by reading the key from
the page into an "authenticator app" (pyotp here), signs out, and signs in again with a code computed from it."""
import re
import time

import pyotp
from playwright.sync_api import Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, sign_in

KEY = re.compile(r'^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$')


def next_code(secret: str) -> str:
    """The app's code for the next 30-second step: one step late is accepted, and the current step's code may have
    been spent already when the set-up was confirmed a moment ago."""
    return pyotp.TOTP(secret).at(time.time() + 30)


def settled_violations(page: Page) -> list[str]:
    """axe-core's findings once NiceGUI's request progress bar (unnamed while it runs) is gone, with the pointer off
    the buttons (Quasar lightens the one under it)."""
    page.mouse.move(0, 0)
    page.wait_for_function('!document.querySelector(".q-loading-bar[role=progressbar]")')
    return accessibility_violations(page)


def set_up_on_this_page(page: Page) -> str:
    """Scan the QR code (here: read the key written under it), confirm with a code, keep the recovery codes."""
    expect(page.get_by_role('img', name=re.compile('^QR code for your authenticator app'))).to_be_visible()
    secret = page.get_by_text(KEY).inner_text().replace(' ', '')
    assert fits_the_screen(page)
    assert settled_violations(page) == []
    page.get_by_label('6-digit code').fill(pyotp.TOTP(secret).now())
    page.get_by_role('button', name='Turn on two-step sign-in').click()
    expect(page.get_by_text('Two-step sign-in is on.', exact=True)).to_be_visible()
    codes = page.get_by_role('list', name='Recovery codes').get_by_role('listitem')
    expect(codes).to_have_count(10)
    expect(page.get_by_role('button', name='Download')).to_be_visible()
    assert fits_the_screen(page)
    assert settled_violations(page) == []
    return secret


def sign_in_with_code(page: Page, server: Server, side: str, email: str, password: str, *, secret: str) -> None:
    page.goto(f'{server.url}/{side}/login')
    page.get_by_label('Email').fill(email)
    page.get_by_label('Password', exact=True).fill(password)
    page.get_by_role('button', name='Sign in').click()
    expect(page).to_have_url(f'{server.url}/{side}/login/code?next=%2F{side}')  # nothing else in the address
    expect(page.get_by_role('heading', name='Two-step sign-in')).to_be_visible()
    assert fits_the_screen(page)
    assert settled_violations(page) == []
    page.get_by_label('6-digit code').fill('000000' if next_code(secret) != '000000' else '111111')
    page.get_by_role('button', name='Verify and sign in').click()
    expect(page.get_by_text('That code is not right.')).to_be_visible()
    page.get_by_label('6-digit code').fill(next_code(secret))
    page.get_by_label('6-digit code').press('Enter')
    expect(page).to_have_url(f'{server.url}/{side}')


def sign_out(page: Page) -> None:
    page.get_by_role('button', name='Account menu').click()
    page.get_by_text('Sign out').click()
    expect(page.get_by_role('button', name='Sign in')).to_be_visible()


def test_a_client_and_the_owner_protect_their_sign_in_and_the_owner_helps_a_client_who_lost_the_phone(
        page: Page, server: Server):
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    page.goto(f'{server.url}/portal/account')
    page.get_by_role('button', name='Set up two-step sign-in').click()
    client_secret = set_up_on_this_page(page)
    page.get_by_role('button', name='I have saved my recovery codes').click()
    expect(page.get_by_text('10 of 10 recovery codes left.')).to_be_visible()
    page.get_by_role('button', name='Turn off').click()
    dialog = page.get_by_role('dialog', name='Turn off two-step sign-in')
    expect(dialog.get_by_label('Password', exact=True)).to_be_focused()
    assert settled_violations(page) == []
    page.keyboard.press('Escape')
    expect(dialog).to_be_hidden()
    sign_out(page)
    sign_in_with_code(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD, secret=client_secret)
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()
    sign_out(page)

    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    page.get_by_role('button', name='Account menu').click()
    page.get_by_text('Two-step sign-in', exact=True).click()
    expect(page).to_have_url(f'{server.url}/staff/two-step-sign-in')
    page.get_by_role('button', name='Set up two-step sign-in').click()
    owner_secret = set_up_on_this_page(page)
    sign_out(page)
    sign_in_with_code(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD, secret=owner_secret)

    page.goto(f'{server.url}/staff/contacts/1')  # Acme Corporation, where the client works
    expect(page.get_by_text('Two-step on')).to_be_visible()
    page.get_by_role('button', name='More actions for Alex Morgan').click()
    page.get_by_text('Reset two-step sign-in', exact=True).click()
    expect(page.locator('.q-menu')).to_have_count(0)  # the menu has closed: axe must not catch it half gone
    dialog = page.get_by_role('alertdialog')
    expect(dialog.get_by_text('Reset two-step sign-in of Alex Morgan?')).to_be_visible()
    assert settled_violations(page) == []
    dialog.get_by_role('button', name='Reset two-step sign-in').click()
    expect(page.get_by_text('Two-step sign-in of Alex Morgan was reset.')).to_be_visible()
    expect(page.get_by_text('Two-step on')).to_be_hidden()
    sign_out(page)

    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)  # the password alone again
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()


def test_a_business_that_requires_it_leads_staff_through_set_up_at_sign_in(page: Page, server: Server):
    sign_in(page, server, 'staff', 'sam@northwind.example', STAFF_PASSWORD)  # Sam has no second factor yet
    page.goto(f'{server.url}/staff/settings')
    page.get_by_role('switch', name='Require two-step sign-in for staff').click()
    page.get_by_role('button', name='Save portal settings').click()
    expect(page.get_by_text('Portal settings saved.')).to_be_visible()
    sign_out(page)

    page.get_by_label('Email').fill('sam@northwind.example')
    page.get_by_label('Password', exact=True).fill(STAFF_PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    expect(page).to_have_url(f'{server.url}/staff/login/setup?next=%2Fstaff')
    expect(page.get_by_text(re.compile('asks everyone to use two-step sign-in'))).to_be_visible()
    page.goto(f'{server.url}/staff/contacts')  # nothing else opens before the set-up is done
    expect(page).to_have_url(re.compile(r'/staff/login\?next='))
    page.goto(f'{server.url}/staff/login/setup')
    set_up_on_this_page(page)
    page.get_by_role('button', name='Continue').click()
    expect(page).to_have_url(f'{server.url}/staff')
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()
