"""A client opens Pay Now, pays with a saved card, and manages saved cards; staff see the online payment.

The card fields run only in a real browser (tests/e2e/payments/test_payments_browser.py covers new cards and 3-D Secure);
here the browser's part of saving a card is played against localstripe directly.
"""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.models import Document, DocumentKind, InvoiceStatus, OnlinePaymentOption, Payment, SavedCard
from domain.payments import gateway as payment_gateway
from domain.payments.saved_cards import finish_adding_card, start_adding_card
from tests import factories
from tests.stripe_support import browser_confirms_card, gateway, payment_method
from tests.ui.conftest import click, sign_in, until


@pytest.fixture
def processor(localstripe: str) -> Iterator[str]:
    """Call `payment_gateway.install(...)` on it after the app started (its start-up installs the configured one)."""
    yield localstripe
    payment_gateway.install(None)


async def acme():
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example', first_name='Casey', last_name='Client')
    return contact, casey


async def save_a_card(base: str, casey) -> SavedCard:
    actor = await factories.portal_actor(casey)
    setup = await start_adding_card(actor)
    await finish_adding_card(actor, await browser_confirms_card(base, setup.client_secret))
    return await SavedCard.filter(person_id=casey.id).order_by('-id').first()


def total(user: User) -> str:
    return user.find(marker='pay-total').elements.pop().text


async def test_pay_now_on_the_dashboard_lists_every_outstanding_invoice_with_a_total(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, _ = await acme()
    first = await factories.invoice(contact, 1000)
    second = await factories.invoice(contact, 2500)
    paid = await factories.invoice(contact, 2000)
    await factories.payment(contact, [(paid, 2000)])
    await factories.invoice(contact, 4000, online_payment=OnlinePaymentOption.NONE)
    await sign_in(user, 'portal', 'casey@acme.example')

    click(user, 'Pay Now')
    await user.should_see('Pay your invoices', retries=30)
    await user.should_see(f'{first.number} · $10.00')
    await user.should_see(f'{second.number} · $25.00')
    await user.should_not_see(f'{paid.number} · ')
    await user.should_see('1 other invoice cannot be paid online.')
    assert total(user) == '$35.00'
    user.find(kind=ui.checkbox, content=second.number).click()
    await user.should_see('Pay $10.00')
    assert total(user) == '$10.00'
    await user.should_see('Save this card for future payments')
    click(user, 'Cancel')
    await user.should_not_see('Pay your invoices')


async def test_each_dashboard_card_pays_what_it_shows_invoices_or_retainers(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, _ = await acme()
    invoice = await factories.invoice(contact, 1000)
    retainer = await factories.invoice(contact, 50000, kind=DocumentKind.RETAINER)
    await sign_in(user, 'portal', 'casey@acme.example')

    click(user, 'Pay Now')  # the outstanding invoices card comes first
    await user.should_see('Pay your invoices', retries=30)
    await user.should_see(f'{invoice.number} · $10.00')
    await user.should_not_see(f'{retainer.number} · ')
    assert total(user) == '$10.00'
    click(user, 'Cancel')
    await user.should_not_see('Pay your invoices')

    retainer_button = next(b for b in user.find(kind=ui.button, content='Pay Now').elements
                           if b.props.get('aria-label') == 'Pay Now: retainer invoices')
    UserInteraction(user, {retainer_button}, None).click()
    await user.should_see(f'{retainer.number} · $500.00', retries=30)
    await user.should_not_see(f'{invoice.number} · ')
    assert total(user) == '$500.00'


async def test_without_a_card_processor_pay_now_says_online_payment_is_unavailable(user: User):
    await user.open('/portal/login')
    contact, _ = await acme()
    invoice = await factories.invoice(contact, 1000)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    click(user, 'Pay Now')
    await user.should_see('Online payment is unavailable right now.', retries=30)
    await user.should_not_see('Pay $10.00')
    await user.should_see('Balance due')  # the page itself works as ever


async def test_a_saved_card_pays_the_invoice_in_one_click_and_the_page_updates(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme()
    invoice = await factories.invoice(contact, 12345)
    card = await save_a_card(processor, casey)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')

    click(user, 'Pay Now')
    await user.should_see(f'Pay {invoice.number}', retries=30)
    await user.should_see('Visa ending in 4242 · expires 12/2034 · default')
    await user.should_see('Use a new card')
    click(user, 'Pay $123.45')
    await user.should_see('Payment received', retries=50)
    await user.should_see('Paid in full. Thank you!', retries=30)  # the invoice page under the dialog
    click(user, 'Close')
    payment = await Payment.get(gateway_payment_id__isnull=False)
    assert (payment.amount, payment.reference) == (12345, 'Visa ending in 4242')
    assert card.payment_method_id  # still saved for next time
    await user.open('/portal/payments')
    await user.should_see('Visa ending in 4242')


async def test_a_partial_amount_above_the_balance_is_refused_next_to_the_field(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme()
    invoice = await factories.invoice(contact, 10000, allow_partial_payments=True)
    await save_a_card(processor, casey)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    click(user, 'Pay Now')
    await user.should_see('Another amount', retries=30)
    user.find('Another amount').click()
    user.find('Amount to pay (USD)').clear().type('150')
    await user.should_see('Pay $150.00')
    click(user, 'Pay $150.00')
    await user.should_see('That is more than the balance due ($100.00).', retries=30)
    user.find('Amount to pay (USD)').clear().type('40')
    click(user, 'Pay $40.00')
    await user.should_see('Payment received', retries=50)
    await until(lambda: Document.filter(id=invoice.id).values_list('status', flat=True),
                equals=[InvoiceStatus.PARTIALLY_PAID])


async def test_my_account_lists_saved_cards_to_make_default_or_remove(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    _, casey = await acme()
    first = await save_a_card(processor, casey)
    second = await save_a_card(processor, casey)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/account')
    await user.should_see('Saved cards')
    await user.should_see('Expires 12/2034')
    await user.should_see('Default')
    user.find(kind=ui.button, content='Make default').click()
    await until(lambda: SavedCard.filter(id=second.id).values_list('is_default', flat=True), equals=[True])
    await user.should_see('Visa ending in 4242 is now your default card.')

    UserInteraction(user, {user.find(kind=ui.button, content='Remove').elements.pop()}, None).click()
    await user.should_see('Remove Visa ending in 4242?')
    click(user, 'Remove card')
    await until(lambda: SavedCard.filter(person_id=casey.id).count(), equals=1)
    removed = first if not await SavedCard.exists(id=first.id) else second
    assert (await payment_method(processor, removed.payment_method_id))['customer'] is None  # detached
    assert await SavedCard.filter(person_id=casey.id, is_default=True).count() == 1


async def test_staff_see_the_stripe_id_of_an_online_payment(user: User, processor: str):
    await user.open('/staff/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme()
    await factories.staff('owner@example.com')
    invoice = await factories.invoice(contact, 5000)
    card = await save_a_card(processor, casey)
    from domain.payments.online import PayRequest, start_payment
    await start_payment(await factories.portal_actor(casey), PayRequest([invoice.id], card_id=card.id))
    intent_id = (await Payment.get(gateway_payment_id__isnull=False)).gateway_payment_id
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/payments')
    await user.should_see(f'Stripe {intent_id}')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see(f'Stripe payment {intent_id}')
    await user.should_see('Card (online) · Visa ending in 4242')
