"""A client who saved their bank account when paying by SEPA debit chooses it for automatic payment in My Account,
and the scheduler debits their company's EUR invoices through localstripe with a moving clock: the invoice shows
"Payment processing" until the webhook gives the bank's answer, a returned debit reopens the balance and is tried
again on the card schedule, a final return is not, other currencies are left alone, two runs debit once, and
removing the account ends the consent."""
from __future__ import annotations

import asyncio
import dataclasses

import httpx
import pytest

from domain.errors import Conflict, Invalid, NotFound
from domain.models import (
    AuditEntry,
    AutomaticCharge,
    Business,
    ContactPerson,
    Document,
    InvoiceStatus,
    OutgoingMail,
    Payment,
    PaymentConsent,
    PaymentMode,
)
from domain.payments import gateway as payment_gateway
from domain.payments.automatic.consent import active_consent, my_automatic_payment, words_for
from domain.payments.automatic.history import attempts_of
from domain.payments.automatic.rules import DECLINED, PAID, PROCESSING, STOPPED
from domain.payments.online import PayRequest, start_payment
from domain.payments.sepa import my_bank_accounts, revoke_mandate
from integrations.stripe_gateway import LOCAL_SECRET_KEY, StripeGateway
from tests import factories
from tests.services.jobs.conftest import MovingClock
from tests.services.payments.automatic_support import (
    FROM,
    agree_to_debit,
    bank_answers,
    in_euros,
    run_charges,
    save_an_account,
)
from tests.services.payments.test_sepa_debit import shown
from tests.stripe_support import FAILING_IBAN, gateway, payment_intents_of, payment_method


async def automatic_intents(base: str, contact) -> list[dict]:
    await contact.refresh_from_db()
    return [i for i in await payment_intents_of(base, contact.stripe_customer_id) if 'automatic' in i['metadata']]


async def test_a_saved_mandate_can_be_chosen_and_the_consent_keeps_its_evidence(sepa_client, stripe_up):
    _contact, actor = sepa_client
    mandate = await save_an_account(stripe_up, actor)
    state = await my_automatic_payment(actor)
    assert [(c.key, c.label, c.debit) for c in state.cards] == [
        (f'mandate:{mandate.id}', 'Bank debit (SEPA) ····3000', True)]
    words = await words_for(actor, f'mandate:{mandate.id}')
    assert 'ending in 3000' in words and mandate.reference in words and 'Northwind Studio' in words
    assert 'Only invoices in euros are debited: invoices in other currencies are not paid automatically' in words

    consent = await agree_to_debit(actor, mandate)
    assert (consent.debit, consent.card_label, consent.card_id) == (True, 'Bank debit (SEPA) ····3000', None)
    found = await PaymentConsent.get(id=consent.id)
    assert (found.mandate_id, found.mandate_reference, found.payment_method_id) == (
        mandate.id, mandate.reference, mandate.payment_method_id)
    assert (found.person_id, found.person_email, found.words, found.ip, found.user_agent, found.language) == (
        actor.person_id, 'casey@acme.example', words, FROM.ip, FROM.user_agent, 'en')
    assert await AuditEntry.filter(action='automatic_payment.on', target_label='Bank debit (SEPA) ····3000').exists()

    await Business.all().update(sepa_debit_enabled=False)  # the business stops debiting: not offered any more
    assert (await my_automatic_payment(actor)).cards == []
    with pytest.raises(Invalid):
        await words_for(actor, f'mandate:{mandate.id}')


async def test_a_due_eur_invoice_is_debited_shows_processing_and_is_paid_when_the_bank_says_so(
        sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor))
    invoice = await in_euros(await factories.invoice(contact, 12000, due_in_days=10))

    assert (await run_charges()).done == 0  # not due yet
    moving_clock.move(days=10)
    assert (await run_charges()).done == 1
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert (attempt.status, attempt.amount, attempt.card_label) == (PROCESSING, 12000, 'Bank debit (SEPA) ····3000')
    assert await shown(invoice) == InvoiceStatus.PROCESSING
    assert not await Payment.filter(allocations__document_id=invoice.id).exists()
    signed_in = await factories.portal_actor(await ContactPerson.get(id=actor.person_id))
    with pytest.raises(Conflict):  # the client pressing Pay meanwhile: the debit holds the invoice
        await start_payment(signed_in, PayRequest([invoice.id]))
    moving_clock.move(hours=2)
    assert (await run_charges()).done == 0  # nothing more while the bank has it
    (intent,) = await automatic_intents(stripe_up, contact)
    assert (intent['amount'], intent['metadata']['automatic']) == (12000, f'{invoice.id}:1')
    assert (await payment_method(stripe_up, intent['payment_method']))['type'] == 'sepa_debit'

    assert await bank_answers(stripe_up, intent['id']) == 'recorded'
    assert await shown(invoice) == InvoiceStatus.PAID
    payment = await Payment.get(gateway_payment_id=intent['id'])
    assert (payment.mode, payment.amount, payment.reference, payment.paid_by_id) == (
        PaymentMode.SEPA_DEBIT, 12000, 'SEPA debit ····3000', actor.person_id)
    assert (await AutomaticCharge.get(id=attempt.id)).status == PAID
    receipts = await OutgoingMail.filter(kind='payment_receipt').order_by('id')
    assert f'{invoice.number}: €120.00' in receipts[-1].text_body
    staff = await factories.staff_actor()  # staff see the attempt on the invoice
    assert [(a.status, a.card) for a in await attempts_of(staff, invoice.id)] == [(PAID, attempt.card_label)]

    moving_clock.move(days=1)
    assert (await run_charges()).done == 0
    assert len(await automatic_intents(stripe_up, contact)) == 1
    assert await Payment.filter(allocations__document_id=invoice.id).count() == 1


async def test_a_returned_debit_reopens_the_balance_tells_both_and_is_tried_again_1_3_and_7_days_on(
        sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor, FAILING_IBAN))
    invoice = await in_euros(await factories.invoice(contact, 5000, due_in_days=0))
    before = await OutgoingMail.filter(kind__startswith='debit_failed').count()

    debited_on = []
    for day in range(12):
        if (await run_charges()).done:
            debited_on.append(day)
            assert await shown(invoice) == InvoiceStatus.PROCESSING
            (latest,) = await AutomaticCharge.filter(document_id=invoice.id).order_by('-attempt').limit(1)
            assert await bank_answers(stripe_up, (await latest.online_payment).payment_intent_id) == 'failed'
            assert await shown(invoice) == InvoiceStatus.SENT  # owed again, not held
        assert (await run_charges()).done == 0
        moving_clock.move(days=1)
    assert debited_on == [0, 1, 3, 7]
    attempts = await AutomaticCharge.filter(document_id=invoice.id).order_by('attempt')
    assert [(a.status, a.decline_code) for a in attempts] == [(DECLINED, 'card_declined')] * 4
    assert len(await automatic_intents(stripe_up, contact)) == 4
    await invoice.refresh_from_db()
    assert (invoice.amount_paid, invoice.payment_lock, invoice.payment_processing) == (0, None, False)

    mails = await OutgoingMail.filter(kind__startswith='debit_failed').order_by('id').offset(before)
    assert [m.kind for m in mails] == ['debit_failed', 'debit_failed_staff'] * 4
    assert {m.to_address for m in mails} == {'casey@acme.example', 'books@northwind.example'}
    assert 'we will debit your account again on' in mails[0].text_body
    assert 'we will not debit this account again' in mails[6].text_body


class ReturnsLike(StripeGateway):
    """localstripe returns the failing IBAN's debit with the plain code card_declined; a bank says why, like
    account_closed. This reads localstripe's answer and gives that reason."""

    async def read_payment(self, intent_id: str):
        intent = await super().read_payment(intent_id)
        return dataclasses.replace(intent, decline_code='account_closed') if intent.decline_code else intent


async def test_a_debit_returned_for_good_is_not_tried_again(sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor, FAILING_IBAN))
    invoice = await in_euros(await factories.invoice(contact, 5000, due_in_days=0))
    returns = gateway(stripe_up)
    returns.__class__ = ReturnsLike
    payment_gateway.install(returns)

    assert (await run_charges()).done == 1
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert await bank_answers(stripe_up, (await attempt.online_payment).payment_intent_id) == 'failed'
    for _day in range(10):
        moving_clock.move(days=1)
        assert (await run_charges()).done == 0
    assert ((await AutomaticCharge.get(id=attempt.id)).status,
            (await AutomaticCharge.get(id=attempt.id)).decline_code) == (STOPPED, 'account_closed')
    client_mail = await OutgoingMail.filter(kind='debit_failed', to_address='casey@acme.example').order_by('-id') \
        .first()
    assert client_mail is not None and 'we will not debit this account again' in client_mail.text_body


async def test_invoices_in_other_currencies_are_not_debited(sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor))
    dollars = await factories.invoice(contact, 5000, due_in_days=0)
    await Document.filter(id=dollars.id).update(currency='USD')
    pounds = await factories.invoice(contact, 6000, due_in_days=0)
    await Document.filter(id=pounds.id).update(currency='GBP')
    for _day in range(3):
        assert (await run_charges()).done == 0
        moving_clock.move(days=1)
    assert not await AutomaticCharge.exists()
    assert await automatic_intents(stripe_up, contact) == []


async def test_two_runs_at_once_debit_an_invoice_once(sepa_client, stripe_up):
    contact, actor = sepa_client
    await agree_to_debit(actor, await save_an_account(stripe_up, actor))
    invoice = await in_euros(await factories.invoice(contact, 7000, due_in_days=0))
    first, second = await asyncio.gather(run_charges(), run_charges())
    assert first.done + second.done == 1
    (intent,) = await automatic_intents(stripe_up, contact)
    await bank_answers(stripe_up, intent['id'])
    assert await Payment.filter(allocations__document_id=invoice.id).count() == 1
    assert await AutomaticCharge.filter(document_id=invoice.id).count() == 1


async def test_removing_the_saved_account_revokes_the_mandate_and_ends_automatic_payment(
        sepa_client, stripe_up, moving_clock: MovingClock):
    contact, actor = sepa_client
    mandate = await save_an_account(stripe_up, actor)
    await agree_to_debit(actor, mandate)
    assert [a.label for a in await my_bank_accounts(actor)] == ['Casey Client · IBAN ····3000']

    await revoke_mandate(actor, mandate.id)
    assert await active_consent(contact.id) is None
    ended = await PaymentConsent.get(mandate_id=mandate.id)
    assert ended.ended_at is not None and ended.ended_by == ''
    await mandate.refresh_from_db()
    assert mandate.revoked and await my_bank_accounts(actor) == []
    assert (await payment_method(stripe_up, mandate.payment_method_id)).get('customer') is None
    assert [row.action for row in await AuditEntry.filter(
        action__in=['mandate.revoked', 'automatic_payment.off']).order_by('id')] == ['mandate.revoked', 'automatic_payment.off']
    await in_euros(await factories.invoice(contact, 5000, due_in_days=0))
    assert (await run_charges()).done == 0
    with pytest.raises(NotFound):
        await revoke_mandate(actor, mandate.id)


async def test_a_debit_refused_at_once_says_so_in_debit_words_and_is_not_tried_again(
        sepa_client, stripe_up, moving_clock: MovingClock):
    """The client's customer was deleted at the processor (as from its dashboard): the debit is refused when
    submitted, and the client's email speaks of a debit, not of a card."""
    contact, actor = sepa_client
    mandate = await save_an_account(stripe_up, actor)
    await agree_to_debit(actor, mandate)
    invoice = await in_euros(await factories.invoice(contact, 5000, due_in_days=0))
    await contact.refresh_from_db()
    async with httpx.AsyncClient(base_url=stripe_up, auth=(LOCAL_SECRET_KEY, ''), timeout=10) as client:
        assert (await client.delete(f'/v1/customers/{contact.stripe_customer_id}')).status_code == 200

    assert (await run_charges()).done == 1
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert attempt.status == STOPPED
    assert await shown(invoice) == InvoiceStatus.SENT
    email = await OutgoingMail.filter(kind='automatic_payment_declined').order_by('-id').first()
    assert email is not None and email.subject.startswith(f'Automatic debit of invoice {invoice.number} was refused')
    assert f'We tried to collect €50.00 for invoice {invoice.number} by Bank debit (SEPA) ····3000' in email.text_body
    assert 'We will not debit this account again for this invoice' in email.text_body
    assert 'card' not in email.text_body
    moving_clock.move(days=3)
    assert (await run_charges()).done == 0
