"""A client turns on automatic payment and the scheduler charges their company's invoices on the due date through
localstripe, with a moving clock: the charge is recorded like a card payment, a declined card is tried again on
schedule, a hard decline stops, a card that needs the bank's authentication leads to an email with a Pay Now link,
and a client paying by hand at the same time is charged once."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest

from domain.errors import Conflict
from domain.models import (
    AutomaticCharge,
    Document,
    InvoiceStatus,
    OnlinePayment,
    OutgoingMail,
    Payment,
    PaymentMode,
)
from domain.payments import gateway as payment_gateway
from domain.payments.automatic.rules import DECLINED as DECLINED_STATUS
from domain.payments.automatic.rules import NEEDS_ACTION, PAID, STOPPED
from domain.payments.gateway import CardDeclined
from domain.payments.online import PayRequest, start_payment
from domain.payments.recording import handle_webhook
from integrations.stripe_gateway import StripeGateway
from tests import factories
from tests.services.jobs.conftest import MovingClock
from tests.services.payments.automatic_support import agree, run_charges
from tests.stripe_support import DECLINED, THREE_D_SECURE, gateway, payment_intents_of, webhook


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def acme(stripe_up):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation', email='accounts@acme.example')
    casey = await factories.person(contact, 'casey@acme.example')
    return contact, await factories.portal_actor(casey)


async def intents(base: str, contact) -> list[dict]:
    await contact.refresh_from_db()
    return await payment_intents_of(base, contact.stripe_customer_id)


async def test_an_invoice_is_charged_off_session_on_its_due_date_and_recorded_like_a_card_payment(
        acme, stripe_up, moving_clock: MovingClock):
    contact, actor = acme
    await agree(stripe_up, actor)
    invoice = await factories.invoice(contact, 12000, due_in_days=10)

    assert (await run_charges()).done == 0  # not due yet
    moving_clock.move(days=10)
    summary = await run_charges()
    assert (summary.done, summary.failed) == (1, 0)

    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.PAID, 12000, None)
    payment = await Payment.get(contact_id=contact.id)
    assert (payment.amount, payment.mode, payment.reference, payment.paid_by_id) == (
        12000, PaymentMode.ONLINE_CARD, 'Visa ending in 4242', actor.person_id)
    (intent,) = await intents(stripe_up, contact)
    assert (intent['id'], intent['status'], intent['amount']) == (payment.gateway_payment_id, 'succeeded', 12000)
    receipt = await OutgoingMail.get(kind='payment_receipt')
    assert receipt.to_address == 'casey@acme.example' and f'{invoice.number}: $120.00' in receipt.text_body
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert (attempt.attempt, attempt.status, attempt.amount) == (1, PAID, 12000)

    moving_clock.move(days=1)
    assert (await run_charges()).done == 0
    assert len(await intents(stripe_up, contact)) == 1


async def test_a_declined_card_is_tried_again_1_3_and_7_days_after_the_first_attempt_and_then_no_more(
        acme, stripe_up, moving_clock: MovingClock):
    contact, actor = acme
    await agree(stripe_up, actor, DECLINED)  # 4000 0000 0000 0341: saved fine, declined when charged
    invoice = await factories.invoice(contact, 5000, due_in_days=0)

    attempted_on_day = {}
    for day in range(0, 12):
        if (await run_charges()).done:
            attempted_on_day[day] = await AutomaticCharge.filter(document_id=invoice.id).count()
        assert (await run_charges()).done == 0  # a second run the same day does nothing
        moving_clock.move(days=1)
    assert attempted_on_day == {0: 1, 1: 2, 3: 3, 7: 4}

    attempts = await AutomaticCharge.filter(document_id=invoice.id).order_by('attempt')
    assert [a.status for a in attempts] == [DECLINED_STATUS] * 4
    assert len(await intents(stripe_up, contact)) == 4  # one charge per attempt, none more
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.SENT, 0, None)
    assert not await Payment.exists()

    emails = await OutgoingMail.filter(kind='automatic_payment_declined').order_by('id')
    assert len(emails) == 4 and {e.to_address for e in emails} == {'casey@acme.example'}
    assert f'/portal/invoices/{invoice.id}?pay=1' in emails[0].text_body
    assert '/portal/account' in emails[0].text_body
    assert 'We will try again on' in emails[0].text_body
    assert 'We will not try this card again' in emails[3].text_body


class DeclinesLike(StripeGateway):
    """localstripe declines card 0341 with the plain code card_declined and answers `requires_action` for a card
    that needs authentication; Stripe also gives the bank's decline code (lost_card, ...) and answers a card that
    needs authentication off-session with HTTP 402 `authentication_required`. This charges localstripe as usual and
    then answers as Stripe would."""

    answer: CardDeclined

    async def charge_off_session(self, **request):
        try:
            intent = await super().charge_off_session(**request)
        except CardDeclined:
            intent = None
        raise CardDeclined(self.answer.message, intent.id if intent else '', code=self.answer.code,
                           decline_code=self.answer.decline_code)


def stripe_answers(base: str, answer: CardDeclined) -> None:
    like = gateway(base)
    like.__class__ = DeclinesLike
    like.answer = answer  # type: ignore[attr-defined]
    payment_gateway.install(like)


async def test_a_hard_decline_is_never_tried_again(acme, stripe_up, moving_clock: MovingClock):
    contact, actor = acme
    await agree(stripe_up, actor, DECLINED)
    invoice = await factories.invoice(contact, 5000, due_in_days=0)
    stripe_answers(stripe_up, CardDeclined('Your card was declined.', code='card_declined', decline_code='lost_card'))

    assert (await run_charges()).done == 1
    for _day in range(10):
        moving_clock.move(days=1)
        assert (await run_charges()).done == 0
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert (attempt.status, attempt.decline_code) == (STOPPED, 'lost_card')
    (email,) = await OutgoingMail.filter(kind='automatic_payment_declined')
    assert 'We will not try this card again' in email.text_body
    assert (await Document.get(id=invoice.id)).payment_lock is None


@pytest.mark.parametrize('answer', ['requires_action', '402 authentication_required'])
async def test_a_card_that_needs_authentication_gets_an_email_with_a_link_to_pay_now(
        acme, stripe_up, moving_clock: MovingClock, answer: str):
    contact, actor = acme
    await agree(stripe_up, actor, THREE_D_SECURE)
    invoice = await factories.invoice(contact, 7000, due_in_days=0)
    if answer != 'requires_action':
        stripe_answers(stripe_up, CardDeclined('This payment requires authentication.',
                                               code='authentication_required'))

    assert (await run_charges()).done == 1
    attempt = await AutomaticCharge.get(document_id=invoice.id)
    assert (attempt.status, attempt.decline_code) == (NEEDS_ACTION, 'authentication_required')
    (email,) = await OutgoingMail.filter(kind='automatic_payment_action')
    assert email.to_address == 'casey@acme.example'
    assert f'/portal/invoices/{invoice.id}?pay=1' in email.text_body
    assert [intent['status'] for intent in await intents(stripe_up, contact)] == ['canceled']  # never completed
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.payment_lock) == (InvoiceStatus.SENT, None)  # free for Pay Now at once
    moving_clock.move(days=8)
    assert (await run_charges()).done == 0  # the client pays it themselves


async def test_a_client_paying_by_hand_while_the_job_charges_is_charged_once(acme, stripe_up):
    contact, actor = acme
    consent = await agree(stripe_up, actor)
    invoice = await factories.invoice(contact, 9000, due_in_days=0)

    async def pay_by_hand():
        try:
            return await start_payment(actor, PayRequest([invoice.id], card_id=consent.card_id))
        except Conflict as refused:
            return refused

    outcomes = await asyncio.gather(run_charges(), pay_by_hand())
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.PAID, 9000)
    assert await Payment.all().count() == 1
    assert [i['status'] for i in await intents(stripe_up, contact)] == ['succeeded']
    assert outcomes[0].done + (getattr(outcomes[1], 'state', '') == 'paid') == 1


async def test_the_job_leaves_an_invoice_alone_while_the_client_is_paying_it(acme, stripe_up):
    contact, actor = acme
    await agree(stripe_up, actor)
    invoice = await factories.invoice(contact, 9000, due_in_days=0)
    started = await start_payment(actor, PayRequest([invoice.id]))  # the card form is open in the client's tab
    assert started.state == 'needs_card'

    assert (await run_charges()).done == 0
    assert not await intents(stripe_up, contact)
    assert not await OnlinePayment.filter(id__not=started.online_payment_id).exists()


class WebhookFirst(StripeGateway):
    """The processor's webhook for the new charge arrives while the job is still waiting for the answer."""

    async def charge_off_session(self, **request):
        intent = await super().charge_off_session(**request)
        payload, headers = webhook(intent.id)
        results = await asyncio.gather(*(handle_webhook(payload, headers['Stripe-Signature']) for _ in range(2)))
        self.results = [result.state for result in results]  # type: ignore[attr-defined]
        return intent


async def test_a_webhook_arriving_while_the_job_charges_records_the_payment_once(acme, stripe_up):
    contact, actor = acme
    await agree(stripe_up, actor)
    invoice = await factories.invoice(contact, 4000, due_in_days=0)
    first = gateway(stripe_up)
    first.__class__ = WebhookFirst
    payment_gateway.install(first)

    assert (await run_charges()).done == 1
    assert first.results.count('recorded') == 1  # type: ignore[attr-defined]  # the job's own settle finds it done
    assert await Payment.all().count() == 1
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid) == (InvoiceStatus.PAID, 4000)
    assert (await AutomaticCharge.get(document_id=invoice.id)).status == PAID
    assert await OutgoingMail.filter(kind='payment_receipt').count() == 1


class StopsMidway(StripeGateway):
    """The process stops between the claim's commit and the processor's answer (nothing was charged)."""

    async def charge_off_session(self, **request):
        raise RuntimeError('the process stopped')


async def test_an_attempt_whose_process_stopped_half_way_is_followed_by_another_once_its_lock_ran_out(
        acme, stripe_up, moving_clock: MovingClock):
    contact, actor = acme
    await agree(stripe_up, actor)
    invoice = await factories.invoice(contact, 6000, due_in_days=0)
    stopping = gateway(stripe_up)
    stopping.__class__ = StopsMidway
    payment_gateway.install(stopping)
    assert (await run_charges()).failed == 1
    payment_gateway.install(gateway(stripe_up))
    assert (await run_charges()).done == 0  # its lock still holds the invoice
    assert (await Document.get(id=invoice.id)).payment_lock is not None

    moving_clock.move(minutes=16)
    assert (await run_charges()).done == 1
    attempts = await AutomaticCharge.filter(document_id=invoice.id).order_by('attempt')
    assert [(a.attempt, a.status) for a in attempts] == [(1, 'unavailable'), (2, PAID)]
    assert [i['status'] for i in await intents(stripe_up, contact)] == ['succeeded']
    await invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


async def test_an_invoice_marked_to_be_charged_when_sent_is_charged_at_the_next_run_and_a_draft_never(
        acme, stripe_up):
    contact, actor = acme
    await agree(stripe_up, actor)
    sent = await factories.invoice(contact, 3000, due_in_days=30, charge_when_sent=True)
    draft = await factories.invoice(contact, 3000, due_in_days=0, status=InvoiceStatus.DRAFT, charge_when_sent=True)
    later = await factories.invoice(contact, 3000, due_in_days=30)
    assert (await run_charges()).done == 1
    assert [await AutomaticCharge.filter(document_id=d.id).count() for d in (sent, draft, later)] == [1, 0, 0]
    assert (await Document.get(id=sent.id)).status == InvoiceStatus.PAID


async def test_a_recurring_profile_decides_for_its_invoices_not_charged_or_charged_when_sent(acme, stripe_up):
    """With the client's consent, an invoice is charged on its due date; one made by a recurring profile only when the
    profile says to charge automatically, and on sending when the profile says so."""
    from domain.models import RecurringProfile
    contact, actor = acme
    await agree(stripe_up, actor)
    today = (await factories.invoice(contact, 100, due_in_days=0, status=InvoiceStatus.DRAFT)).issue_date

    async def made_by(auto_charge: bool, charge_on: str) -> Document:
        profile = await RecurringProfile.create(contact=contact, frequency='monthly', start_date=today,
                                                anchor_date=today, next_date=today, auto_charge=auto_charge,
                                                charge_on=charge_on, lines=[{'name': 'Hosting', 'quantity': '1',
                                                                            'rate': 1000}])
        return await factories.invoice(contact, 1000, due_in_days=0, recurring_profile_id=profile.id,
                                       charge_when_sent=auto_charge and charge_on == 'sent')

    left_alone, on_due_date, = await made_by(False, 'due'), await made_by(True, 'due')
    assert (await run_charges()).done == 1
    assert [await AutomaticCharge.filter(document_id=d.id).count() for d in (left_alone, on_due_date)] == [0, 1]
    assert (await Document.get(id=left_alone.id)).status == InvoiceStatus.SENT
