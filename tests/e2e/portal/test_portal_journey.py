"""A new client's first visit in Chromium on a phone-sized screen, from the invitation email to a paid-up overview.

Grace Hopper at Globex is invited in the demo data; the staff screens that send invitations are built elsewhere, so
the test issues her invitation straight into the server's database, as the staff side will.
"""
import json
import re
from pathlib import Path

from playwright.sync_api import Page, expect

from domain.formats import money
from tests.conftest import run_tool
from tests.e2e.conftest import Server, accessibility_violations, fits_the_screen

PASSWORD, NEW_PASSWORD = 'globex-portal-2026', 'globex-portal-changed'

SETUP = """
import asyncio, json, sys
from datetime import timedelta
from tortoise import Tortoise
from integrations.database import tortoise_config
from domain import tokens
from domain.models import ContactPerson, Document, Payment, TokenPurpose

async def main():
    await Tortoise.init(config=tortoise_config())
    person = await ContactPerson.get(email='grace@globex.example')
    token = await tokens.issue(person, TokenPurpose.INVITATION, timedelta(days=7))
    invoices = await Document.filter(contact_id=person.contact_id, kind='invoice',
                                     status__in=['sent', 'partially_paid']).values('total', 'amount_paid')
    estimates = await Document.filter(contact_id=person.contact_id, kind='estimate', status='sent').count()
    last = await Payment.filter(contact_id=person.contact_id).order_by('-date', '-id').first()
    with open(sys.argv[1], 'w') as out:
        json.dump({'token': token, 'owed': sum(i['total'] - i['amount_paid'] for i in invoices),
                   'unpaid': len(invoices), 'estimates': estimates, 'last_payment': last.amount}, out)
    await Tortoise.close_connections()

asyncio.run(main())
"""


def invitation(server: Server, tmp_path: Path) -> dict:
    out = tmp_path / 'invitation.json'
    run_tool('-c', SETUP, str(out), env=server.env)
    return json.loads(out.read_text())


def check_page(page: Page) -> None:
    """Every portal page: no serious accessibility problem, and nothing wider than the phone."""
    assert accessibility_violations(page) == [], page.url
    assert fits_the_screen(page), page.url
    assert page.evaluate('document.documentElement.lang') == 'en-US'


def pick(page: Page, field: str, option: str) -> None:
    page.get_by_label(field).click()
    page.get_by_role('option', name=option, exact=True).click()


def test_a_new_client_from_invitation_to_a_paid_up_overview(page: Page, server: Server, tmp_path: Path):
    seeded = invitation(server, tmp_path)
    page.goto(f'{server.url}/portal/invitation/{seeded["token"]}')
    expect(page.get_by_role('heading', name='Create your password')).to_be_visible()
    expect(page.get_by_text('Northwind Studio invited you')).to_be_visible()
    expect(page.get_by_label('Email')).to_have_value('grace@globex.example')
    check_page(page)
    page.get_by_label('Password', exact=True).fill(PASSWORD)
    page.get_by_label('Confirm password').fill(PASSWORD)
    page.get_by_role('button', name='Create password and sign in').click()

    expect(page).to_have_url(f'{server.url}/portal')
    expect(page.get_by_text('Hello, Grace.')).to_be_visible()
    owed = page.locator('.q-card', has=page.get_by_role('heading', name='Outstanding invoices'))
    expect(owed.get_by_text(money(seeded['owed']), exact=True)).to_be_visible()
    expect(owed.get_by_role('link', name=f'{seeded["unpaid"]} unpaid invoices')).to_be_visible()
    paid = page.locator('.q-card', has=page.get_by_role('heading', name='Last payment made'))
    expect(paid.get_by_text(money(seeded['last_payment']), exact=True)).to_be_visible()
    expect(page.get_by_text('Welcome! You can pay any invoice online')).to_be_visible()  # the banner
    check_page(page)

    page.get_by_role('link', name=f'{seeded["estimates"]} estimates awaiting your approval').click()
    expect(page).to_have_url(f'{server.url}/portal/estimates?status=awaiting')
    rows = page.get_by_role('listitem').get_by_role('link', name=re.compile('EST-'))
    expect(rows).to_have_count(2)
    numbers = [re.search(r'EST-\d+', text).group(0) for text in rows.all_inner_texts()]
    check_page(page)
    pick(page, 'Show', 'Accepted')
    expect(page.get_by_text('No estimates match this filter.')).to_be_visible()
    pick(page, 'Show', 'Awaiting approval')
    expect(rows).to_have_count(2)

    page.get_by_role('link', name=re.compile(numbers[0])).click()
    expect(page.get_by_role('heading', name=f'Estimate {numbers[0]}', exact=True)).to_be_visible()
    check_page(page)
    page.get_by_role('button', name='Accept', exact=True).click()
    dialog = page.get_by_role('dialog', name=f'Accept estimate {numbers[0]}?')
    expect(dialog).to_be_visible()
    assert accessibility_violations(page) == []
    page.keyboard.press('Escape')  # changed their mind for a moment
    expect(dialog).to_be_hidden()
    page.get_by_role('button', name='Accept', exact=True).click()
    dialog.get_by_label('Full name').fill('Grace Hopper')  # the demo business asks for a signature
    dialog.get_by_role('button', name='Use typed name as signature').click()
    dialog.get_by_role('checkbox', name='I agree to the terms').click()
    dialog.get_by_role('button', name='Accept estimate').click()
    expect(page.get_by_text('You accepted this estimate on')).to_be_visible()
    expect(page.get_by_role('button', name='Accept', exact=True)).to_have_count(0)

    page.goto(f'{server.url}/portal/estimates?status=awaiting')
    page.get_by_role('link', name=re.compile(numbers[1])).click()
    page.get_by_role('button', name='More').click()
    page.get_by_role('menuitem', name='Decline').click()
    dialog = page.get_by_role('dialog', name=f'Decline estimate {numbers[1]}?')
    dialog.get_by_label('Reason (optional)').fill('The budget moved to next year.')
    dialog.get_by_role('button', name='Decline estimate').click()
    expect(page.get_by_text('Reason: The budget moved to next year.')).to_be_visible()

    page.goto(f'{server.url}/portal/invoices?status=outstanding')
    expect(page.get_by_role('heading', name='Invoices', level=1)).to_be_visible()
    check_page(page)
    page.get_by_role('listitem').get_by_role('link', name=re.compile('INV-')).first.click()
    expect(page.get_by_role('heading', name=re.compile(r'^Invoice INV-\d+$'))).to_be_visible()
    expect(page.get_by_text('Balance due').first).to_be_visible()
    expect(page.get_by_role('button', name='Pay Now')).to_be_visible()
    check_page(page)

    page.goto(f'{server.url}/portal/statement')
    expect(page.get_by_text(re.compile(r'^01 Jan \d{4} to 31 Dec \d{4}$'))).to_be_visible()
    summary = page.get_by_role('region', name='Account summary')
    expect(summary.get_by_text(money(seeded['owed']), exact=True)).to_be_visible()  # Globex has no retainers
    ageing = page.get_by_role('region', name='Ageing of what is due')
    expect(ageing.get_by_text(money(seeded['owed']), exact=True)).to_be_visible()
    line = page.get_by_role('listitem').filter(has_text=re.compile(r'Invoice INV-\d+')).first
    expect(line.locator('.text-right')).not_to_have_count(0)  # the classes a column's cells share, sent once
    expect(line.locator('.text-grey-9').first).to_be_visible()
    check_page(page)

    for path, title in (('/portal/payments', 'Payments Made'), ('/portal/company', 'My Company Details')):
        page.goto(f'{server.url}{path}')
        expect(page.get_by_role('heading', name=title, level=1)).to_be_visible()
        check_page(page)

    with page.expect_event('requestfailed', lambda request: 'gravatar.com/avatar/' in request.url) as picture:
        page.goto(f'{server.url}/portal/account')  # the tests never reach outside: Gravatar's picture cannot load
    assert picture.value.failure.startswith('net::ERR_BLOCKED_BY_CLIENT')
    expect(page.get_by_role('heading', name='My Account', level=1)).to_be_visible()
    expect(page.locator('img[src*="gravatar.com"]')).to_have_count(0)  # no broken picture over the initials
    expect(page.get_by_text('GH', exact=True)).to_be_visible()
    expect(page.get_by_text('grace@globex.example', exact=True)).to_be_visible()  # who it is, beside the initials
    check_page(page)

    page.goto(f'{server.url}/portal/password')
    expect(page.get_by_role('heading', name='Change Password', level=1)).to_be_visible()
    check_page(page)
    page.get_by_label('Current password').fill(PASSWORD)
    page.get_by_label('New password', exact=True).fill(NEW_PASSWORD)
    page.get_by_label('Confirm new password').fill(NEW_PASSWORD)
    page.get_by_role('button', name='Change password').click()
    expect(page.get_by_text('Your password is changed.')).to_be_visible()

    page.get_by_role('button', name='Account menu').click()
    page.get_by_text('Sign out').click()
    expect(page).to_have_url(re.compile('/portal/login'))
    page.get_by_label('Email').fill('grace@globex.example')
    page.get_by_label('Password', exact=True).fill(NEW_PASSWORD)
    page.get_by_role('button', name='Sign in').click()
    expect(page).to_have_url(f'{server.url}/portal')
    expect(owed.get_by_text(money(seeded['owed']), exact=True)).to_be_visible()
    page.goto(f'{server.url}/portal/invoices/1')  # Acme's first invoice: not Grace's to see
    expect(page.get_by_role('heading', name='We could not find that page')).to_be_visible()
    check_page(page)


def test_public_portal_pages_are_accessible(page: Page, server: Server):
    for path in ('/portal/forgot-password', '/portal/invitation/not-a-real-token', '/portal/reset-password/nope'):
        page.goto(f'{server.url}{path}')
        check_page(page)
    page.goto(f'{server.url}/portal/forgot-password')
    page.get_by_label('Email').fill('nobody@example.com')
    page.get_by_role('button', name='Send reset link').click()
    expect(page.get_by_role('status')).to_contain_text('If a portal account uses that email address')
