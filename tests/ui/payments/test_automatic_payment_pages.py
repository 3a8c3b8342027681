"""A client turns automatic payment on in My Account with a saved card (or a saved bank account, which they later
remove) after reading what they agree to, and off again; staff see it on the contact page, ask for it, and see an invoice's attempts; an email's ?pay=1 link opens
Pay Now."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.jobs import runner
from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
from domain.models import OutgoingMail, PaymentConsent
from domain.payments import gateway as payment_gateway
from tests import factories
from tests.services.payments.automatic_support import agree, agree_to_debit, save_a_card, save_an_account
from tests.stripe_support import DECLINED, gateway
from tests.ui.conftest import click, sign_in, until


@pytest.fixture
def processor(localstripe: str) -> Iterator[str]:
    yield localstripe
    payment_gateway.install(None)


async def acme(*, debits: bool = False):
    """Northwind and its client Acme with Casey; with `debits` Northwind works in euros and takes SEPA debits."""
    if debits:
        await factories.business(name='Northwind Studio', currency='EUR', sepa_debit_enabled=True,
                                 creditor_id='DE98ZZZ09999999999')
    else:
        await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example', first_name='Casey', last_name='Client')
    return contact, casey


async def test_a_client_turns_automatic_payment_on_with_a_saved_card_and_off_again(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme()
    await save_a_card(processor, await factories.portal_actor(casey))
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/account')
    await user.should_see('Automatic payment')
    await user.should_see('I authorise Northwind Studio to charge my Visa ending in 4242 for the invoices of Acme '
                          'Corporation', retries=20)
    click(user, 'Pay invoices automatically with Visa ending in 4242')
    await user.should_see('Tick "I agree" to turn on automatic payment.')
    assert not await PaymentConsent.exists()

    user.find(kind=ui.checkbox, content='I agree').click()
    click(user, 'Pay invoices automatically with Visa ending in 4242')
    await user.should_see('Automatic payment is on with your Visa ending in 4242.')
    await until(lambda: PaymentConsent.filter(contact_id=contact.id, active_contact_id=contact.id).count(), equals=1)
    consent = await PaymentConsent.get(contact_id=contact.id)
    assert consent.words.startswith('I authorise Northwind Studio') and consent.person_id == casey.id
    await user.should_see("Your company's invoices are paid automatically with your Visa ending in 4242")

    click(user, 'Turn off automatic payment')
    await user.should_see('Automatic payment is off.')
    await until(lambda: PaymentConsent.filter(active_contact_id=contact.id).count(), equals=0)


async def test_staff_see_the_consent_ask_for_it_and_see_an_invoices_attempts(user: User, processor: str):
    await user.open('/staff/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme()
    await factories.staff('owner@example.com')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Automatic payment is off: invoices are paid when the client pays them.')
    click(user, 'Ask for automatic payment')
    await user.should_see('Asked by email. Only the client can turn it on, in My Account.')
    assert (await OutgoingMail.get(kind='automatic_payment_request')).to_address == 'casey@acme.example'

    await agree(processor, await factories.portal_actor(casey), DECLINED)  # the page follows it live
    await user.should_see('Casey Client turned on automatic payment with their Visa ending in 0341', retries=30)
    await user.should_not_see('Ask for automatic payment')

    invoice = await factories.invoice(contact, 5000, due_in_days=0)
    await runner.run_job(CHARGE_AUTOMATICALLY, process='test')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('Attempt 1 on')
    await user.should_see('to Visa ending in 0341, declined, tried again later (Your card was declined.)')


async def test_the_link_of_an_automatic_payment_email_opens_pay_now(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, _casey = await acme()
    invoice = await factories.invoice(contact, 7000)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}?pay=1')
    await user.should_see('Pay $70.00', retries=30)


async def test_a_client_chooses_their_saved_bank_account_for_automatic_payment_and_removes_it(
        user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme(debits=True)
    mandate = await save_an_account(processor, await factories.portal_actor(casey))
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/account')
    await user.should_see('Saved bank accounts')
    await user.should_see('Casey Client · IBAN ····3000')
    await user.should_see('I authorise Northwind Studio to debit my bank account ending in 3000 under the SEPA '
                          f'direct debit mandate {mandate.reference}', retries=20)
    await user.should_see('invoices in other currencies are not paid automatically')

    user.find(kind=ui.checkbox, content='I agree').click()
    click(user, 'Pay invoices automatically with Bank debit (SEPA) ····3000')
    await user.should_see('Automatic payment is on with your Bank debit (SEPA) ····3000.')
    await until(lambda: PaymentConsent.filter(active_contact_id=contact.id, mandate_id=mandate.id).count(), equals=1)
    await user.should_see("Your company's invoices in euros are paid automatically by Bank debit (SEPA) ····3000 "
                          'on their due date')
    await user.should_see('Only invoices in euros are debited from this account')

    click(user, 'Remove')
    await user.should_see('Remove Casey Client · IBAN ····3000?')
    click(user, 'Remove account')
    await until(lambda: PaymentConsent.filter(active_contact_id=contact.id).count(), equals=0)
    await user.should_see('Casey Client · IBAN ····3000 removed.')
    await user.should_see('Save a card under Saved cards first.')
    await user.should_not_see('Saved bank accounts')


async def test_staff_see_a_bank_debit_consent_in_debit_words(user: User, processor: str):
    await user.open('/staff/login')
    payment_gateway.install(gateway(processor))
    contact, casey = await acme(debits=True)
    actor = await factories.portal_actor(casey)
    await agree_to_debit(actor, await save_an_account(processor, actor))
    await factories.staff('owner@example.com')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Casey Client turned on automatic payment by Bank debit (SEPA) ····3000 on', retries=30)
    await user.should_see('Each invoice in euros is debited on its due date.')
    await user.should_not_see('Each invoice is charged on its due date.')
