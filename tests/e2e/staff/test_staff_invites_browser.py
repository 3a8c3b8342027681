"""In Chromium on a phone-sized screen, the demo owner adds a client and invites them to the portal."""
import re

from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen, new_context, sign_in


def test_staff_create_a_contact_invite_its_person_and_see_the_invitation_accepted_live(
        page: Page, browser: Browser, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    expect(page.get_by_text('Recent client activity')).to_be_visible()
    assert fits_the_screen(page)

    page.goto(f'{server.url}/staff/contacts')
    expect(page.get_by_role('link', name='Acme Corporation')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []

    page.get_by_role('button', name='New contact').click()
    expect(page).to_have_url(f'{server.url}/staff/contacts/new')
    page.get_by_label('Company name').fill('Wayne Enterprises')
    expect(page.get_by_label('Display name *')).to_have_value('Wayne Enterprises')
    page.get_by_label('Email', exact=True).fill('accounts@wayne.example')
    page.get_by_label('First name').fill('Bruce')
    page.get_by_label('Last name').fill('Wayne')
    page.get_by_label('Person email').fill('Bruce@Wayne.example')
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
    page.get_by_role('button', name='Save contact').click()

    expect(page).to_have_url(re.compile(r'/staff/contacts/\d+$'))
    expect(page.get_by_role('heading', name='Wayne Enterprises')).to_be_visible()
    expect(page.get_by_text('Not invited')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
    page.get_by_role('button', name='Enable portal for Bruce Wayne').click()
    expect(page.get_by_text('Invited', exact=True)).to_be_visible()
    expect(page.get_by_role('button', name='Resend invitation to Bruce Wayne')).to_be_visible()

    page.get_by_role('button', name='Open navigation').click()
    page.get_by_role('link', name='Sent mail').click()
    expect(page).to_have_url(f'{server.url}/staff/mail')
    expect(page.get_by_text('No mail server is set up')).to_be_visible()
    expect(page.get_by_text('bruce@wayne.example')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
    page.get_by_role('link', name=re.compile('^Your invitation to Northwind Client Portal')).click()

    expect(page.get_by_role('heading', name='Links in this email')).to_be_visible()
    link = page.get_by_role('link', name=re.compile(r'portal.invitation.[A-Za-z0-9_-]{40,}$'))
    expect(link).to_be_visible()
    assert link.get_attribute('href').startswith(f'{server.url}/portal/invitation/')
    expect(page.get_by_text('Hello Bruce,')).to_be_visible()
    assert fits_the_screen(page)
    assert accessibility_violations(page) == []
    invitation = link.get_attribute('href')

    page.go_back()
    page.go_back()
    expect(page.get_by_role('heading', name='Wayne Enterprises')).to_be_visible()
    expect(page.get_by_text('Invited', exact=True)).to_be_visible()
    bruce = new_context(browser, viewport={'width': 375, 'height': 812}).new_page()
    bruce.goto(invitation)
    bruce.get_by_label('Password', exact=True).fill('bruce-wayne-portal')
    bruce.get_by_label('Confirm password').fill('bruce-wayne-portal')
    bruce.get_by_role('button', name='Create password and sign in').click()
    expect(bruce.get_by_text('Hello, Bruce.')).to_be_visible()
    bruce.context.close()
    # staff never reloaded: the person's access changed on the open contact page
    expect(page.get_by_text('Active', exact=True)).to_be_visible()
    expect(page.get_by_text('Invited', exact=True)).to_have_count(0)


def test_the_other_staff_pages_of_this_area_read_well_on_a_phone(page: Page, server: Server):
    sign_in(page, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
    for path, heading in (('/staff', 'Dashboard'), ('/staff/settings', 'Portal settings'),
                          ('/staff/users', 'Staff users'), ('/staff/password', 'Change Password')):
        page.goto(f'{server.url}{path}')
        expect(page.get_by_role('heading', name=heading, exact=True)).to_be_visible()
        assert fits_the_screen(page), path
        assert accessibility_violations(page) == [], path

    page.goto(f'{server.url}/staff/contacts/1')
    page.get_by_role('button', name='Add contact person').click()
    dialog = page.get_by_role('dialog')
    expect(dialog.get_by_label('First name *')).to_be_focused()
    assert accessibility_violations(page) == []
    page.keyboard.press('Escape')
    expect(dialog).to_be_hidden()
