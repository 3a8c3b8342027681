"""Recurring invoices on the pages: staff start a profile from scratch (a wrong field is named under it and nothing
is saved), pause and resume it and see the invoices it made; an invoice's More actions start one from it; a
contact's page lists its profiles; a client sees their own company's active profiles, never another's, and the next
one on the dashboard."""
from __future__ import annotations

from datetime import timedelta

from nicegui.testing import User

from domain import clock
from domain.jobs.catalogue import MAKE_RECURRING_INVOICES
from domain.jobs.runner import run_job
from domain.models import Document, PaymentConsent, RecurringProfile
from domain.recurring.profiles import create_profile
from tests import factories
from tests.services.recurring.conftest import typed
from tests.ui.conftest import choose, click, sign_in, until
from tests.ui.documents.test_staff_invoices import pick, type_line


async def northwind(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme Corporation', payment_terms=14)
    await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return acme


async def test_staff_start_a_monthly_profile_from_scratch_after_a_wrong_end(user: User):
    acme = await northwind(user)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/recurring')
    await user.should_see('No recurring profiles yet.')
    await user.open(f'/staff/recurring/new?contact={acme.id}')
    await user.should_see('First invoice date')
    type_line(user, 1, 'Hosting {month} {year}', '1', '120')
    await user.should_see('$120.00')
    pick(user, 'Ends', 'After a number of invoices')
    user.find('Number of invoices').type('0')
    click(user, 'Start profile')
    await user.should_see('Make between 1 and 1000 invoices.')
    assert await RecurringProfile.all().count() == 0
    user.find('Number of invoices').clear().type('12')
    click(user, 'Start profile')
    await user.should_see('Invoices made', retries=30)
    profile = await RecurringProfile.get()
    assert (profile.contact_id, profile.frequency, profile.end_count, profile.payment_terms, profile.total) == (
        acme.id, 'monthly', 12, 14, 12000)
    await user.should_see('After 12 invoices')
    await user.should_see('None yet.')

    await run_job(MAKE_RECURRING_INVOICES, process='app2')  # its first date is today
    made = await Document.get(recurring_profile_id=profile.id)
    await user.should_see(made.number, retries=30)  # live: the list of invoices made follows

    click(user, 'Pause')
    await user.should_see('Resume', retries=30)
    await until(lambda: RecurringProfile.get(id=profile.id).values_list('status', flat=True), equals='paused')
    click(user, 'Resume')
    await user.should_see('Pause', retries=30)
    await user.open('/staff/recurring')
    await user.should_see('Hosting {month} {year}')
    await user.should_see('Acme Corporation')
    await user.should_see('Monthly')
    await user.open(f'/staff/invoices/{made.id}')
    await user.should_see('Made by a recurring profile:')


async def test_an_invoice_is_made_recurring_from_its_more_actions(user: User):
    acme = await northwind(user)
    invoice = await factories.document_with_lines(acme, [factories.line('Support plan', '1', 9900)])
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see(invoice.number)
    choose(user, 'Make recurring')
    await user.should_see('First invoice date', retries=30)
    await user.should_see('$99.00')
    click(user, 'Start profile')
    await user.should_see('Invoices made', retries=30)
    profile = await RecurringProfile.get()
    assert (profile.source_id, profile.lines[0]['name'], profile.total) == (invoice.id, 'Support plan', 9900)
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Support plan')


async def test_a_client_sees_their_companys_active_profiles_only_and_the_next_on_the_dashboard(user: User):
    acme = await northwind(user)
    globex = await factories.contact('Globex')
    actor = await factories.staff_actor('boss@example.com')
    start = clock.today() + timedelta(days=3)
    await create_profile(actor, typed(acme.id, start, name='Hosting {month}', rate='120.00'))
    paused = await create_profile(actor, typed(acme.id, start, name='Old retainer', rate='50.00'))
    await RecurringProfile.filter(id=paused).update(status='paused')
    await create_profile(actor, typed(globex.id, start, name='Globex secret plan', rate='999.00'))
    await create_profile(actor, typed(acme.id, start, name='Support', rate='30.00', auto_charge=True))

    await sign_in(user, 'portal', 'alex@acme.example')
    await user.should_see('Next recurring invoice')
    await user.should_see('$120.00')
    await user.open('/portal/recurring')
    await user.should_see('Hosting {month}')
    await user.should_see('Support')
    await user.should_see('Paid by you')  # automatic payment is not on: the client pays every one
    await user.should_not_see('Charged to')
    await user.should_not_see('Globex secret plan')
    await user.should_not_see('Old retainer')

    await PaymentConsent.create(contact_id=acme.id, person_name='Alex', payment_method_id='pm_x',
                                card_label='Visa ending in 4242', words='I agree', granted_at=clock.now(),
                                active_contact_id=acme.id)
    await user.open('/portal/recurring')
    await user.should_see('Charged to Visa ending in 4242 on the due date')  # the profile charges automatically
    await user.should_see('Paid by you')  # the profile that does not


async def test_staff_edit_a_profile_for_the_invoices_to_come_and_a_control_character_is_refused(user: User):
    acme = await northwind(user)
    actor = await factories.staff_actor('boss@example.com')
    profile_id = await create_profile(actor, typed(acme.id, clock.today() + timedelta(days=5)))
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/recurring/{profile_id}/edit')
    await user.should_see('Changes apply to every invoice to come.')
    user.find('Reference').type('PO\x0042')
    click(user, 'Save changes')
    await user.should_see('Remove the control characters (such as NUL or a line break) from this field.')
    assert (await RecurringProfile.get(id=profile_id)).reference == ''
    user.find('Reference').clear().type('PO 42')
    with user.scope(marker='line-1'):
        user.find('Rate').clear().type('150')
    click(user, 'Save changes')
    await user.should_see('Invoices made', retries=30)
    await user.should_see('$150.00')
    profile = await RecurringProfile.get(id=profile_id)
    assert (profile.reference, profile.total) == ('PO 42', 15000)
