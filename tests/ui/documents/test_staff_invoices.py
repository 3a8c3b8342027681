"""A staff member writes, sends, voids and finds invoices, as they would in the browser."""
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain import clock
from domain.events import Event, publish
from domain.models import Document, DocumentKind, DocumentLine, InvoiceStatus, OutgoingMail
from tests import factories
from tests.ui.conftest import choose, click, sign_in, until


async def signed_in(user: User):
    """Northwind's owner signed in on the staff side; Acme pays in 14 days and Alex has portal access."""
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme Corporation', payment_terms=14)
    await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    await sign_in(user, 'staff', 'owner@example.com')
    return acme


def type_line(user: User, number: int, item: str, quantity: str, rate: str, *, tax: str = '') -> None:
    with user.scope(marker=f'line-{number}'):
        user.find('Item').type(item)
        user.find('Quantity').clear().type(quantity)
        user.find('Rate').type(rate)
        if tax:
            user.find('Tax').type(tax)


def pick(user: User, select_label: str, option: str) -> None:
    """Open a dropdown and choose one of its options."""
    select = user.find(kind=ui.select, content=select_label)
    select.click()
    UserInteraction(user, select.elements, option).click()


def press(user: User, name: str) -> None:
    """Click the icon button whose accessible name is `name`."""
    buttons = {b for b in user.find(kind=ui.button).elements if b.props.get('aria-label') == name}
    assert buttons, f'no button named {name!r}'
    UserInteraction(user, buttons, None).click()


async def test_an_invoice_is_written_with_totals_that_follow_the_typing_and_is_sent(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/invoices/new?contact={acme.id}')
    await user.should_see("Customer's terms (Net 14)")
    due = (clock.today() + timedelta(days=14)).isoformat()
    assert user.find('Due date').elements.pop().value == due

    type_line(user, 1, 'Design', '2', '450', tax='10')
    await user.should_see('$900.00')
    await user.should_see('Tax (10%)')
    await user.should_see(marker='total', content='$990.00')
    click(user, 'Add line')
    await user.should_see('Line 2', retries=30)
    type_line(user, 2, 'Hosting', '1.5', '49.99')
    await user.should_see(marker='total', content='$1,064.99')
    user.find('Reference').type('Website')

    click(user, 'Save as draft')
    await user.should_see('Invoice INV-000001', retries=30)
    invoice = await Document.get(number='INV-000001')
    assert (invoice.status, invoice.total, invoice.due_date.isoformat(), invoice.reference) == (
        InvoiceStatus.DRAFT, 106499, due, 'Website')
    assert await DocumentLine.filter(document=invoice).count() == 2
    await user.should_see('Not sent yet')

    click(user, 'Send')
    await user.should_see('Alex Morgan <alex@acme.example>', retries=30)
    click(user, 'Send invoice')
    await user.should_see('INV-000001 sent to 1 person.', retries=30)
    await until(lambda: OutgoingMail.filter(to_address='alex@acme.example').count(), equals=1)
    await invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.SENT
    await user.should_see('Not viewed by the client yet')


async def test_bad_input_gets_a_message_next_to_the_field_and_nothing_is_saved(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/invoices/new?contact={acme.id}')
    click(user, 'Save as draft')
    await user.should_see('Add at least one line with an item and a rate.', retries=30)

    type_line(user, 1, 'Design', '-2', 'ten')
    click(user, 'Add line')
    await user.should_see(marker='line-2', retries=30)
    type_line(user, 2, 'Copy', 'two', '12.345')
    user.find('Due date').clear().type((clock.today() - timedelta(days=1)).isoformat())
    click(user, 'Save as draft')
    await user.should_see('The quantity must be more than zero.', retries=30)
    await user.should_see('Enter a rate as a number.')
    await user.should_see('Enter a quantity as a number.')
    await user.should_see('Use at most two decimals.')
    await user.should_see('The due date cannot be before the invoice date.')
    await user.should_see('Nothing was saved.')
    with user.scope(marker='line-1'):
        await user.should_see('—')  # no amount while the line is not valid
    assert await Document.all().count() == 0
    assert await DocumentLine.all().count() == 0


async def test_lines_are_added_moved_and_removed(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/invoices/new?contact={acme.id}')
    type_line(user, 1, 'First', '1', '10')
    click(user, 'Add line')
    await user.should_see(marker='line-2', retries=30)
    type_line(user, 2, 'Second', '1', '20')
    click(user, 'Add line')
    await user.should_see(marker='line-3', retries=30)
    type_line(user, 3, 'Third', '1', '30')
    press(user, 'Move line 3 up')
    await user.should_see('3 lines')
    press(user, 'Remove line 1')
    await user.should_see('2 lines')
    await user.should_see(marker='total', content='$50.00')
    click(user, 'Save as draft')
    await user.should_see('Invoice INV-000001', retries=30)
    names = await DocumentLine.all().order_by('position').values_list('name', flat=True)
    assert names == ['Third', 'Second']


async def test_a_retainer_with_its_own_payment_options(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/invoices/new?contact={acme.id}')
    UserInteraction(user, user.find(kind=ui.radio).elements, 'Retainer invoice').click()
    type_line(user, 1, 'Advance', '1', '2000')
    pick(user, 'Online payment', 'None (offline only)')
    user.find('Allow partial payments').click()
    pick(user, 'Payment terms', 'Net 30')
    click(user, 'Save as draft')
    await user.should_see('Retainer invoice RET-000001', retries=30)
    retainer = await Document.get(number='RET-000001')
    assert (retainer.kind, retainer.online_payment, retainer.allow_partial_payments) == (
        DocumentKind.RETAINER, 'none', True)
    assert retainer.due_date == clock.today() + timedelta(days=30)


async def test_a_sent_invoice_is_edited_then_voided(user: User):
    acme = await signed_in(user)
    invoice = await factories.invoice(acme, 10000)
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Edit')
    await user.should_see(f'Edit invoice {invoice.number}', retries=30)
    with user.scope(marker='line-1'):
        user.find('Rate').clear().type('150')
    click(user, 'Save changes')
    await user.should_see('PDF', retries=30)
    await user.should_see('$150.00')
    choose(user, 'Void invoice')
    await user.should_see(f'Void invoice {invoice.number}?', retries=30)
    user.find(kind=ui.button, content='Void invoice').click()
    await user.should_see(f'{invoice.number} is void.', retries=30)
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.total) == (InvoiceStatus.VOID, 15000)
    await user.should_not_see('Record payment')


async def test_the_list_filters_overdue_invoices_searches_numbers_and_pages_through(user: User):
    acme = await signed_in(user)
    globex = await factories.contact('Globex Ltd')
    long_ago = clock.today() - timedelta(days=60)
    for n in range(30):
        await factories.invoice(acme if n % 2 else globex, 1000 + n, issued=long_ago if n < 3 else None)
    await user.open('/staff/invoices')
    await user.should_see('1 to 25 of 30 invoices')
    with user.client:
        user.find(kind=ui.pagination).elements.pop().set_value(2)  # a click on page 2
    await user.should_see('26 to 30 of 30 invoices')

    pick(user, 'Status', 'Overdue')
    await user.should_see('1 to 3 of 3 invoices')
    await user.should_see('INV-000002')
    await user.should_not_see('INV-000004')
    pick(user, 'Status', 'All statuses')
    user.find('Search by number').type('000017')
    await user.should_see('1 to 1 of 1 invoices')
    await user.should_see('INV-000017')


async def test_a_view_by_the_client_shows_up_live_with_an_eye(user: User):
    acme = await signed_in(user)
    invoice = await factories.invoice(acme, 10000, sent_at=clock.now())
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('Not viewed by the client yet')
    seen = clock.now()
    await Document.filter(id=invoice.id).update(first_viewed_at=seen, last_viewed_at=seen)
    await publish(Event('document.viewed', invoice.id, acme.id))
    await user.should_see('Viewed by the client: first')
    await user.open('/staff/invoices')
    await user.should_see(marker='viewed')
    await user.should_see(f'{seen:%d %b %H:%M}')
