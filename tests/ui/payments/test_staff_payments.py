"""A staff member records money received offline, splits it across invoices, finds it again and takes it back."""
from datetime import timedelta

from nicegui.testing import User

from domain import clock
from domain.models import Document, InvoiceStatus, Payment, PaymentMode
from tests import factories
from tests.ui.conftest import click
from tests.ui.documents.test_staff_invoices import pick, press, signed_in


def value_of(user: User, label: str) -> str:
    return user.find(label).elements.pop().value


async def test_a_payment_recorded_from_the_invoice_page_pays_that_invoice(user: User):
    acme = await signed_in(user)
    invoice = await factories.invoice(acme, 25000)
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Record payment')
    await user.should_see('From Acme Corporation', retries=30)
    assert value_of(user, 'Amount received') == '250.00'
    assert value_of(user, f'Apply to {invoice.number}') == '250.00'
    pick(user, 'Payment mode', 'Cheque')
    user.find('Reference').type('CHQ-1001')
    click(user, 'Record payment')
    await user.should_see(f'Invoice {invoice.number}', retries=30)
    await user.should_see('Paid')
    await user.should_see('CHQ-1001')  # under "Payments applied"
    payment = await Payment.get()
    assert (payment.amount, payment.mode, payment.reference) == (25000, PaymentMode.CHEQUE, 'CHQ-1001')
    await user.open('/staff/payments')
    await user.should_see('1 to 1 of 1 payments')
    await user.should_see(invoice.number)


async def test_the_split_can_be_changed_and_a_wrong_split_is_refused_next_to_the_field(user: User):
    acme = await signed_in(user)
    old = await factories.invoice(acme, 10000, issued=clock.today() - timedelta(days=45))
    new = await factories.invoice(acme, 20000)
    await factories.invoice(await factories.contact('Globex Ltd'), 5000)
    await user.open(f'/staff/payments/new?contact={acme.id}')
    assert user.find('Amount received').elements.pop().props['hint'] == '$300.00 is due on open invoices'
    user.find('Amount received').type('150')
    assert (value_of(user, f'Apply to {old.number}'), value_of(user, f'Apply to {new.number}')) == ('100.00', '50.00')
    await user.should_see('Applied $150.00 of $150.00')

    user.find(f'Apply to {new.number}').clear().type('20')
    await user.should_see('Applied $120.00 of $150.00 · $30.00 still to apply')
    click(user, 'Record payment')
    await user.should_see('The amounts applied add up to $120.00, but the payment is $150.00.', retries=30)
    user.find(f'Apply to {old.number}').clear().type('130')
    click(user, 'Record payment')
    await user.should_see('More than the balance due ($100.00).', retries=30)
    user.find('Amount received').clear().type('-5')
    click(user, 'Record payment')
    await user.should_see('The amount cannot be negative.', retries=30)
    user.find('Amount received').clear().type('10.555')
    click(user, 'Record payment')
    await user.should_see('Use at most two decimals.', retries=30)
    assert await Payment.all().count() == 0
    assert set(await Document.all().values_list('amount_paid', flat=True)) == {0}

    user.find('Amount received').clear().type('150')
    click(user, 'Split oldest first')
    await user.should_see('Applied $150.00 of $150.00')
    click(user, 'Record payment')
    await user.should_see('1 to 1 of 1 payments', retries=30)
    await old.refresh_from_db()
    await new.refresh_from_db()
    assert (old.status, new.amount_paid, new.status) == (InvoiceStatus.PAID, 5000, InvoiceStatus.PARTIALLY_PAID)


async def test_staff_start_from_the_payments_list_and_choose_who_paid(user: User):
    acme = await signed_in(user)
    await factories.invoice(acme, 10000)
    umbrella = await factories.contact('Umbrella Health')
    await user.open('/staff/payments')
    await user.should_see('No payments match these filters.')
    click(user, 'Record payment')
    await user.should_see('Who paid?', retries=30)
    pick(user, 'Received from', 'Acme Corporation')
    await user.should_see('From Acme Corporation', retries=30)
    await user.open(f'/staff/payments/new?contact={umbrella.id}')
    await user.should_see('Umbrella Health has no open invoices.')


async def test_a_wrong_payment_is_deleted_and_the_invoice_owes_again_but_a_card_payment_stays(user: User):
    acme = await signed_in(user)
    invoice = await factories.invoice(acme, 10000)
    online = await factories.invoice(acme, 5000)
    await factories.payment(acme, [(invoice, 4000)], reference='WRONG')
    await factories.payment(acme, [(online, 5000)], mode=PaymentMode.ONLINE_CARD, gateway_payment_id='pi_1')
    await user.open('/staff/payments')
    await user.should_see('1 to 2 of 2 payments')
    today = clock.today()
    press(user, f'Delete the payment of $40.00 from Acme Corporation on {today:%d %b %Y}')
    await user.should_see('Delete this payment?', retries=30)
    click(user, 'Delete payment')
    await user.should_see(f'Payment of $40.00 from Acme Corporation on {today:%d %b %Y} deleted.', retries=30)
    await user.should_see('1 to 1 of 1 payments')
    await invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.status) == (0, InvoiceStatus.SENT)
    await user.should_not_see('delete_outline')  # the online card payment has no delete button


async def test_the_payment_list_is_filtered_by_customer_and_mode_a_page_at_a_time(user: User):
    acme = await signed_in(user)
    globex = await factories.contact('Globex Ltd')
    for n in range(28):
        contact = acme if n % 4 else globex
        invoice = await factories.invoice(contact, 1000)
        await factories.payment(contact, [(invoice, 1000)], mode=PaymentMode.CASH if n % 2 else PaymentMode.CHEQUE, paid_on=clock.today() - timedelta(days=n))
    await user.open('/staff/payments')
    await user.should_see('1 to 25 of 28 payments')
    pick(user, 'Mode', 'Cheque')
    await user.should_see('1 to 14 of 14 payments')
    pick(user, 'Customer', 'Globex Ltd')
    await user.should_see('1 to 7 of 7 payments')
    user.find('From').type((clock.today() - timedelta(days=8)).isoformat())  # days 0, 4 and 8 ago
    await user.should_see('1 to 3 of 3 payments')
