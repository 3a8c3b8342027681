"""A staff member writes an estimate, sends it, reworks a declined one and turns an accepted one into an invoice."""
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain import clock
from domain.models import Document, DocumentKind, DocumentLine, EstimateStatus, InvoiceStatus, OutgoingMail
from tests import factories
from tests.ui.conftest import choose, click, until
from tests.ui.documents.test_staff_invoices import pick, signed_in, type_line


async def test_an_estimate_for_a_chosen_customer_is_saved_and_sent_in_one_go(user: User):
    await signed_in(user)
    await factories.contact('Globex Ltd')
    await user.open('/staff/estimates')
    await user.should_see('No estimates yet.')
    click(user, 'New estimate')
    await user.should_see('Expiry date', retries=30)
    pick(user, 'Customer', 'Acme Corporation')
    expiry = (clock.today() + timedelta(days=30)).isoformat()
    assert user.find('Expiry date').elements.pop().value == expiry
    type_line(user, 1, 'Website design', '3', '450')
    user.find('Terms and conditions').type('Half up front.')
    await user.should_see(marker='total', content='$1,350.00')

    click(user, 'Save and send')
    await user.should_see('Send estimate EST-000001', retries=30)  # the send dialog opens on the new estimate's page
    await user.should_see('Alex Morgan <alex@acme.example>')
    click(user, 'Send estimate')
    await user.should_see('EST-000001 sent to 1 person.', retries=30)
    estimate = await Document.get(number='EST-000001')
    assert (estimate.status, estimate.total, estimate.terms, estimate.expiry_date.isoformat()) == (
        EstimateStatus.SENT, 135000, 'Half up front.', expiry)
    mail = await OutgoingMail.get()
    assert mail.to_address == 'alex@acme.example' and f'/portal/estimates/{estimate.id}' in mail.text_body

    await user.open('/staff/estimates')
    await user.should_see('1 to 1 of 1 estimates')
    await user.should_see('EST-000001')


async def test_without_anyone_to_email_staff_mark_it_sent_knowingly(user: User):
    await signed_in(user)
    umbrella = await factories.contact('Umbrella Health')
    estimate = await factories.estimate(umbrella, 10000, status=EstimateStatus.DRAFT)
    await user.open(f'/staff/estimates/{estimate.id}')
    await user.should_see('Nobody at Umbrella Health has portal access yet')
    click(user, 'Send')
    await user.should_see(f'Mark {estimate.number} as sent?', retries=30)
    click(user, 'Cancel')
    await until(lambda: Document.filter(id=estimate.id, status=EstimateStatus.DRAFT).exists(), equals=True)
    click(user, 'Send')
    await user.should_see(f'Mark {estimate.number} as sent?', retries=30)
    click(user, 'Mark as sent')
    await user.should_see(f'{estimate.number} marked as sent.', retries=30)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert await OutgoingMail.all().count() == 0


async def test_a_declined_estimate_is_reworked_and_sent_again(user: User):
    acme = await signed_in(user)
    estimate = await factories.estimate(acme, 10000, status=EstimateStatus.DECLINED, decline_reason='Too dear')
    await user.open(f'/staff/estimates/{estimate.id}')
    await user.should_see('Declined by the client: “Too dear”')
    click(user, 'Edit')
    await user.should_see(f'Edit estimate {estimate.number}', retries=30)
    with user.scope(marker='line-1'):
        user.find('Rate').clear().type('80')
    click(user, 'Save changes')
    await user.should_see('Send again', retries=30)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.DECLINED
    click(user, 'Send again')
    await user.should_see('Alex Morgan <alex@acme.example>', retries=30)
    click(user, 'Send estimate')
    await user.should_see(f'{estimate.number} sent to 1 person.', retries=30)
    await estimate.refresh_from_db()
    assert (estimate.status, estimate.total, estimate.decline_reason) == (EstimateStatus.SENT, 8000, '')


async def test_an_expired_estimate_shows_as_expired_and_cannot_be_sent(user: User):
    acme = await signed_in(user)
    stale = await factories.estimate(acme, 10000, issued=clock.today() - timedelta(days=40), expires_in_days=30)
    fresh = await factories.estimate(acme, 20000)
    await user.open('/staff/estimates?status=expired')
    await user.should_see('1 to 1 of 1 estimates')
    await user.should_see(stale.number)
    await user.should_not_see(fresh.number)
    await user.open(f'/staff/estimates/{stale.id}')
    await user.should_see('Expired')
    await user.should_see('The expiry date has passed')
    await user.should_not_see('Send again')
    await user.should_see('Edit')


async def test_the_client_said_yes_by_phone_and_the_estimate_becomes_an_invoice(user: User):
    acme = await signed_in(user)
    estimate = await factories.estimate(acme, 45000, 18000, reference='Website')
    await user.open(f'/staff/estimates/{estimate.id}')
    choose(user, 'Mark as accepted')
    await user.should_see('Do this when the client accepted it outside the portal', retries=30)
    user.find('How the client accepted it').type('Yes by phone.')
    user.find(kind=ui.button, content='Mark as accepted').click()
    await user.should_see(f'{estimate.number} accepted.', retries=30)
    await user.should_see(kind=ui.button, content='Convert to invoice', retries=30)
    click(user, 'Convert to invoice')
    await user.should_see('Invoice INV-000001', retries=30)
    await user.should_see('Created from estimate')
    await user.should_see(estimate.number)
    invoice = await Document.get(number='INV-000001')
    assert (invoice.kind, invoice.status, invoice.total, invoice.reference, invoice.source_id) == (
        DocumentKind.INVOICE, InvoiceStatus.DRAFT, 63000, 'Website', estimate.id)
    assert await DocumentLine.filter(document=invoice).count() == 2
    await user.open(f'/staff/estimates/{estimate.id}')
    await user.should_see('Converted to invoice')
    await user.should_see('INV-000001')
    await user.should_see('Invoiced')
    await user.should_not_see('Convert to invoice')


async def test_the_customer_is_found_by_typing_even_among_many_contacts(user: User):
    await signed_in(user)
    for n in range(40):
        await factories.contact(f'Client {n:02d}')
    zeta = await factories.contact('Zeta Works', email='office@zeta.example')
    await user.open('/staff/estimates/new')
    picker = user.find(kind=ui.select, content='Customer')
    picker.click()
    await user.should_not_see('Zeta Works')  # only the first contacts are loaded, never the whole table
    picker.trigger('inputValue', 'zeta.ex')  # what the browser sends while the person types
    await user.should_see('Zeta Works', retries=30)
    UserInteraction(user, picker.elements, 'Zeta Works').click()  # the open list: choose the option
    type_line(user, 1, 'Audit', '1', '900')
    click(user, 'Save as draft')
    await user.should_see('Estimate EST-000001', retries=30)
    assert (await Document.get(number='EST-000001')).contact_id == zeta.id


async def test_the_contacts_page_link_shows_one_customers_estimates(user: User):
    acme = await signed_in(user)
    globex = await factories.contact('Globex Ltd')
    mine = await factories.estimate(acme, 1000)
    theirs = await factories.estimate(globex, 2000)
    await user.open(f'/staff/estimates?contact={globex.id}')
    await user.should_see('1 to 1 of 1 estimates')
    await user.should_see(theirs.number)
    await user.should_not_see(mine.number)
    click(user, 'New estimate')
    await user.should_see('Globex Ltd', retries=30)  # the new estimate starts with that customer


async def test_an_expiry_date_before_the_estimate_date_is_refused(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/estimates/new?contact={acme.id}')
    type_line(user, 1, 'Audit', '1', '900')
    user.find('Expiry date').clear().type((clock.today() - timedelta(days=1)).isoformat())
    click(user, 'Save as draft')
    await user.should_see('The expiry date cannot be before the estimate date.', retries=30)
    assert await Document.all().count() == 0
    user.find('Expiry date').clear()
    click(user, 'Save as draft')
    await user.should_see('Estimate EST-000001', retries=30)  # no expiry date: it never expires
    assert (await Document.get(number='EST-000001')).expiry_date is None
