"""A client uses the portal: dashboard, estimates, invoices, payments made and the statement."""
from datetime import date, timedelta

from nicegui import ui
from nicegui.events import GenericEventArguments, handle_event
from nicegui.testing import User

from components.common.row_list import RowList
from components.portal.filter_choice import FilterChoice
from components.portal.page import MoreMenu
from components.portal.tile import Tile
from domain import clock
from domain.documents.estimates import send_estimate
from domain.documents.portal import PAGE_SIZE
from domain.events import Event, publish
from domain.models import Activity, ActivityKind, Document, DocumentKind, EstimateStatus, InvoiceStatus, PaymentMode
from tests import factories
from tests.ui.conftest import choose, click, sign_in, until


def pick(user: User, field: str, option: str) -> None:
    """Pick `option` in the list filter labelled `field`, as a person does (tests/e2e/portal/test_portal_journey.py
    picks in the browser)."""
    (choice,) = [choice for choice in user.find(kind=FilterChoice).elements if choice.props['label'] == field]
    choice.choose(option)


async def acme(**business):
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal', **business)
    contact = await factories.contact('Acme Corporation')
    await factories.person(contact, 'casey@acme.example', first_name='Casey', last_name='Client')
    return contact


async def test_the_dashboard_shows_what_is_owed_and_what_waits(user: User):
    await user.open('/portal')
    contact = await acme(banner_message='We are closed on 24 December.')
    today = clock.today()
    overdue = await factories.invoice(contact, 120000, issued=today - timedelta(days=40), due_in_days=30)
    await factories.invoice(contact, 30050)
    await factories.invoice(contact, 50000, kind=DocumentKind.RETAINER)
    await factories.estimate(contact, 1000)
    await factories.estimate(contact, 1000, status=EstimateStatus.DRAFT)
    await factories.payment(contact, [(overdue, 20000)], paid_on=today - timedelta(days=1), mode=PaymentMode.CHEQUE, reference='CHQ-77')
    await sign_in(user, 'portal', 'casey@acme.example')

    await user.should_see('Hello, Casey.')
    await user.should_see('We are closed on 24 December.')
    await user.should_see('$1,300.50')  # 1,000.00 still owed on the overdue one + 300.50
    await user.should_see('2 unpaid invoices')
    await user.should_see('1 invoice overdue · $1,000.00')
    await user.should_see('$500.00')  # the retainer
    await user.should_see('$200.00')
    await user.should_see(f'{today - timedelta(days=1):%d %b %Y} · Cheque · CHQ-77')
    await user.should_see(overdue.number)
    (awaiting,) = [line for tile in user.find(kind=Tile).elements for line in tile.props['lines'] if line['k'] == 'count']
    assert (awaiting['n'], awaiting['a']) == ('1', '1 estimate awaiting your approval')  # the number is a link
    await user.open(awaiting['h'])  # a browser follows it (tests/e2e/portal/test_portal_journey.py clicks it)
    await user.should_see('Estimates the business has sent you', retries=20)
    assert user.find(kind=FilterChoice, content='Show').elements.pop().value == 'awaiting'


async def test_a_client_with_nothing_yet_sees_a_calm_dashboard(user: User):
    await user.open('/portal')
    await acme()
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.should_see('You are all paid up. Thank you!')
    await user.should_see('No payments yet.')
    await user.should_see('Nothing waits for your approval.')
    await user.should_not_see('Pay Now')


async def test_estimates_are_filtered_and_drafts_never_appear(user: User):
    await user.open('/portal')
    contact = await acme()
    waiting = await factories.estimate(contact, 1000)
    accepted = await factories.estimate(contact, 2000, status=EstimateStatus.ACCEPTED)
    draft = await factories.estimate(contact, 3000, status=EstimateStatus.DRAFT)
    expired = await factories.estimate(contact, 4000, issued=clock.today() - timedelta(days=60), expires_in_days=30)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/estimates')
    for document in (waiting, accepted, expired):
        await user.should_see(document.number)
    await user.should_not_see(draft.number)
    await user.should_see('1 to 3 of 3 estimates')

    pick(user, 'Show', 'Accepted')
    await user.should_see(accepted.number)
    await user.should_not_see(waiting.number)
    pick(user, 'Show', 'Expired')
    await user.should_see(expired.number)
    await user.should_not_see(accepted.number)
    pick(user, 'Show', 'Declined')
    await user.should_see('No estimates match this filter.')


async def test_a_client_accepts_an_estimate_after_confirming(user: User):
    await user.open('/portal')
    contact = await acme()
    estimate = await factories.estimate(contact, 125000, reference='New website', notes='Two rounds of changes.')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    await user.should_see(f'Estimate {estimate.number}')
    await user.should_see('Two rounds of changes.')
    click(user, 'Accept')
    await user.should_see('You agree to the work and the total of $1,250.00.')
    click(user, 'Cancel')
    await user.should_not_see('You agree to the work')
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT

    click(user, 'Accept')
    await user.should_see('Accept estimate')
    click(user, 'Accept estimate')
    await user.should_see('You accepted this estimate on', retries=20)
    await user.should_not_see(kind=ui.button, content='Accept')
    await user.should_not_see(kind=MoreMenu, content='Decline')  # More keeps the PDF and Forward
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED
    assert await Activity.filter(kind=ActivityKind.ACCEPTED, document_id=estimate.id).exists()


async def test_a_client_declines_an_estimate_with_a_reason(user: User):
    await user.open('/portal')
    contact = await acme()
    estimate = await factories.estimate(contact, 5000)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    click(user, 'More')
    choose(user, 'Decline')
    await user.should_see(f'Decline estimate {estimate.number}?')
    user.find('Reason (optional)').type('We found a cheaper offer.')
    click(user, 'Decline estimate')
    await user.should_see('This estimate was declined on', retries=20)
    await user.should_see('Reason: We found a cheaper offer.')
    stored = await Document.get(id=estimate.id)
    assert (stored.status, stored.decline_reason) == (EstimateStatus.DECLINED, 'We found a cheaper offer.')
    assert (await Activity.get(kind=ActivityKind.DECLINED)).detail == 'We found a cheaper offer.'


async def test_an_expired_estimate_offers_no_buttons(user: User):
    await user.open('/portal')
    contact = await acme()
    expired = await factories.estimate(contact, 5000, issued=date(2020, 1, 1), expires_in_days=30)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/estimates/{expired.id}')
    await user.should_see('This estimate expired on 31 Jan 2020, so it can no longer be accepted.')
    await user.should_not_see(kind=ui.button, content='Accept')
    await user.should_not_see(kind=MoreMenu, content='Decline')  # More keeps the PDF and Forward


async def test_invoices_are_filtered_and_paged(user: User):
    await user.open('/portal')
    contact = await acme()
    today = clock.today()
    overdue = await factories.invoice(contact, 7777, issued=today - timedelta(days=100), due_in_days=30)
    for n in range(PAGE_SIZE):
        await factories.invoice(contact, 1000 + n, issued=today - timedelta(days=n))
    paid = await factories.invoice(contact, 5555, issued=today - timedelta(days=90))
    await factories.payment(contact, [(paid, 5555)])
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/invoices')
    await user.should_see('1 to 20 of 22 invoices')
    await user.should_not_see(overdue.number)
    click(user, 'Next')
    await user.should_see('21 to 22 of 22 invoices')
    await user.should_see(overdue.number)
    await user.should_see(paid.number)

    pick(user, 'Show', 'Overdue')
    await user.should_see('1 to 1 of 1 invoices')
    await user.should_see(overdue.number)
    pick(user, 'Show', 'Paid')
    await user.should_see(paid.number)
    await user.should_not_see(overdue.number)

    (show,) = [choice for choice in user.find(kind=FilterChoice).elements if choice.props['label'] == 'Show']
    handle_event(show._chosen, GenericEventArguments(sender=show, client=user.client, args='void'))  # not offered
    assert show.value == 'paid'  # refused on the spot: nothing was started that could change the list
    await user.should_see(paid.number)
    await user.should_not_see(overdue.number)


async def test_an_invoice_shows_its_payments_and_balance_and_counts_as_viewed(user: User):
    await user.open('/portal')
    contact = await acme()
    invoice = await factories.invoice(contact, 40000, 10000, reference='PO-9')
    offline = await factories.invoice(contact, 5000, online_payment='none')
    await factories.payment(contact, [(invoice, 15000)], mode=PaymentMode.BANK_TRANSFER, reference='TRX-1')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see(f'Invoice {invoice.number}')
    await user.should_see('Payments applied')
    await user.should_see('Bank transfer · TRX-1')
    await user.should_see('$350.00')
    await user.should_see('Partially paid')
    viewed = await Document.get(id=invoice.id)
    assert viewed.first_viewed_at is not None
    click(user, 'Pay Now')
    await user.should_see(f'Pay {invoice.number}', retries=20)  # the dialog for this invoice alone
    click(user, 'Cancel')

    await user.open(f'/portal/invoices/{offline.id}')
    await user.should_see('This invoice cannot be paid online.')
    await user.should_not_see('Pay Now')


async def test_payments_made_newest_first_with_the_invoices_they_paid(user: User):
    await user.open('/portal')
    contact = await acme()
    first, second = await factories.invoice(contact, 10000), await factories.invoice(contact, 20000)
    await factories.payment(contact, [(first, 10000)], paid_on=date(2026, 1, 5), reference='OLDER')
    await factories.payment(contact, [(second, 5000)], paid_on=date(2026, 2, 5), mode=PaymentMode.CASH, reference='NEWER')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/payments')
    await user.should_see('Total paid')
    await user.should_see('$150.00')
    await user.should_see(f'{second.number} ($50.00)')
    await user.should_see(f'{first.number} ($100.00)')
    payments = next(iter(user.find(kind=RowList).elements)).rows
    assert [row.cells[1].text for row in payments] == ['$50.00', '$100.00']  # newest first


async def test_the_statement_for_this_year_and_for_custom_dates(user: User):
    await user.open('/portal')
    contact = await acme()
    today = clock.today()
    last_year = await factories.invoice(contact, 30000, issued=date(today.year - 1, 6, 1))
    this_year = await factories.invoice(contact, 45000, issued=date(today.year, 1, 2))
    await factories.payment(contact, [(last_year, 30000)], paid_on=date(today.year, 1, 3), reference='JAN')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/statement')
    await user.should_see(f'01 Jan {today.year} to 31 Dec {today.year}')
    await user.should_see('Opening balance')
    await user.should_see(f'Invoice {this_year.number}')
    await user.should_see(f'Bank transfer · JAN · for {last_year.number}')
    await user.should_see('$450.00')  # balance due

    pick(user, 'Period', 'Custom dates')
    user.find('First day').clear().type(f'{today.year}-02-01')
    user.find('Last day').clear().type(f'{today.year}-01-01')
    click(user, 'Show statement')
    await user.should_see('The last day must be on or after the first day.')
    user.find('Last day').clear().type(f'{today.year - 1}-12-31')
    user.find('First day').clear().type(f'{today.year - 1}-01-01')
    click(user, 'Show statement')
    await user.should_see(f'01 Jan {today.year - 1} to 31 Dec {today.year - 1}')
    await user.should_see(f'Invoice {last_year.number}')
    await user.should_not_see(f'Invoice {this_year.number}')

    user.find('First day').clear().type('9995-01-01')
    user.find('Last day').clear().type('9999-12-31')
    click(user, 'Show statement')
    await user.should_see('Choose a first day between 1900 and 2200.')
    await user.should_see('Choose a last day between 1900 and 2200.')


async def test_a_long_statement_shows_more_lines_on_request(user: User):
    await user.open('/portal')
    contact = await acme()
    today = clock.today()
    invoices = [await factories.invoice(contact, 100 + n, issued=date(today.year, 1, 1) + timedelta(days=n % 28))
                for n in range(60)]
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/statement?period=this_year')
    await user.should_see('Showing 50 of 60 transactions')
    last = max(invoices, key=lambda d: (d.issue_date, d.id))
    await user.should_not_see(f'Invoice {last.number}')
    click(user, 'Show more')
    await user.should_see(f'Invoice {last.number}')
    await user.should_see('Balance due')
    await until(lambda: Document.filter(status=InvoiceStatus.SENT).count(), equals=60)


async def test_an_open_invoice_follows_a_payment_recorded_elsewhere(user: User):
    await user.open('/portal')
    contact = await acme()
    invoice = await factories.invoice(contact, 80000)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('$800.00')
    await factories.payment(contact, [(invoice, 30000)], reference='STAFF-ENTRY')  # as staff record it
    await publish(Event('payment.recorded', invoice.id, contact.id))
    await user.should_see('Bank transfer · STAFF-ENTRY', retries=20)
    await user.should_see('$500.00')


async def test_an_open_estimates_list_shows_an_estimate_the_business_just_sent(user: User):
    await user.open('/portal')
    contact = await acme()
    draft = await factories.estimate(contact, 45000, status=EstimateStatus.DRAFT)
    olivia = await factories.staff_actor('olivia@northwind.example')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/estimates')
    await user.should_see('There are no estimates yet.')
    await user.should_not_see(draft.number)
    await send_estimate(olivia, draft.id, without_email=True)
    await user.should_see(draft.number, retries=20)
    await user.should_see('$450.00')
