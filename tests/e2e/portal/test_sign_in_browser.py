"""The demo people sign in and out in Chromium, on a phone-sized screen."""
import re

from playwright.sync_api import Browser, Page, expect

from domain.business.brand import readable_brand
from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in


def test_the_demo_client_signs_in_and_out(page: Page, server: Server):
    page.goto(f'{server.url}/portal/invoices')
    expect(page).to_have_url(re.compile(r'/portal/login\?next=%2Fportal%2Finvoices$'))
    expect(page.get_by_text('Northwind Client Portal')).to_be_visible()
    assert accessibility_violations(page) == []

    page.get_by_label('Email').fill(CLIENT_EMAIL)
    page.get_by_label('Password', exact=True).fill(CLIENT_PASSWORD)
    page.get_by_label('Password', exact=True).press('Enter')
    expect(page).to_have_url(f'{server.url}/portal/invoices')
    expect(page.get_by_role('heading', name='Invoices')).to_be_visible()
    cookie = next(c for c in page.context.cookies() if c['name'] == 'portal_session')
    assert cookie['httpOnly'] and cookie['sameSite'] == 'Lax'

    page.get_by_role('button', name='Open navigation').click()  # the navigation drawer on a phone
    page.get_by_role('link', name='Statement').click()
    # once its websocket connects the page writes its period into the address, maybe before the first look
    expect(page).to_have_url(re.compile(rf'{re.escape(server.url)}/portal/statement(\?period=this_year)?$'))
    assert accessibility_violations(page) == []

    page.get_by_role('button', name='Account menu').click()
    page.get_by_text('Sign out').click()
    expect(page).to_have_url(re.compile('/portal/login'))
    page.goto(f'{server.url}/portal')
    expect(page).to_have_url(re.compile(r'/portal/login\?next=%2Fportal$'))


def test_the_keyboard_skips_past_the_bars_and_a_wide_screen_shows_the_navigation_in_the_brand_colour(
        browser: Browser, server: Server):
    context = new_context(browser, viewport={'width': 1280, 'height': 900})
    page = context.new_page()
    sign_in(page, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()
    expect(page.get_by_role('link', name='Statement')).to_be_visible()  # the drawer is open without a click
    expect(page.get_by_role('button', name='Open navigation')).to_be_hidden()
    header = page.locator('header')
    brand = readable_brand('#0f766e')  # the demo's brand colour, darkened for contrast
    expect(header).to_have_css('background-color', f'rgb({int(brand[1:3], 16)}, {int(brand[3:5], 16)}, {int(brand[5:], 16)})')
    expect(header.get_by_role('link', name='Northwind Client Portal')).to_have_attribute('href', '/portal')

    page.keyboard.press('Tab')
    expect(page.get_by_role('link', name='Skip to content')).to_be_focused()
    page.keyboard.press('Enter')
    main = page.locator(':focus')
    expect(main.get_by_role('heading', name='Dashboard')).to_be_visible()  # focus is on the page's own column
    page.keyboard.press('Tab')
    expect(page.locator(':focus')).not_to_have_attribute('aria-label', 'Account menu')  # past the header
    context.close()


def test_the_demo_staff_member_signs_in_and_out(page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    expect(page.get_by_role('heading', name='Dashboard')).to_be_visible()
    assert accessibility_violations(page) == []
    page.get_by_role('button', name='Account menu').click()
    page.get_by_text('Sign out').click()
    expect(page.get_by_role('heading', name='Staff sign in')).to_be_visible()


def test_a_wrong_password_is_refused_in_the_browser(page: Page, server: Server):
    page.goto(f'{server.url}/portal/login')
    page.get_by_label('Email').fill(CLIENT_EMAIL)
    page.get_by_label('Password', exact=True).fill('not-the-password')
    page.get_by_role('button', name='Sign in').click()
    expect(page.get_by_role('alert')).to_have_text('The email or password is not right.')
    expect(page).to_have_url(f'{server.url}/portal/login')


def test_every_response_carries_the_security_headers(page: Page, server: Server):
    response = page.goto(f'{server.url}/portal/login')
    headers = response.headers
    policy = headers['content-security-policy']
    for part in ("object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'", "'nonce-"):
        assert part in policy
    assert 'unsafe-inline' not in policy.split('script-src')[1].split(';')[0]
    assert headers['x-content-type-options'] == 'nosniff'
    assert headers['referrer-policy'] == 'same-origin'
    assert page.request.get(f'{server.url}/healthz').json() == {'status': 'ok'}
