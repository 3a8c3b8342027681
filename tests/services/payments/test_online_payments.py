"""A client pays invoices by card through localstripe: new and saved cards, declines, 3-D Secure, partial and bulk
payments, and every way the browser could ask for something the server must refuse."""
from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from domain import clock
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, bus
from domain.models import (
    Activity,
    ActivityKind,
    Contact,
    Document,
    InvoiceStatus,
    OnlinePayment,
    OnlinePaymentOption,
    OnlinePaymentStatus,
    OutgoingMail,
    Payment,
    PaymentMode,
    SavedCard,
)
from domain.payments import gateway as payment_gateway
from domain.payments import online
from domain.payments.customers import PaymentUnavailable
from domain.payments.online import PayRequest, abandon_payment, check_payment, continue_with_card, start_payment
from domain.payments.options import pay_options
from domain.payments.saved_cards import remove_card
from tests import factories
from tests.stripe_support import (
    DECLINED,
    THREE_D_SECURE,
    browser_authenticates,
    browser_confirms_card,
    gateway,
    payment_intents_of,
)


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def acme(stripe_up):
    await factories.business()
    contact = await factories.contact('Acme Corporation', email='accounts@acme.example')
    casey = await factories.person(contact, 'casey@acme.example')
    return contact, await factories.portal_actor(casey)


async def pay_with_new_card(base: str, actor, invoices, number: str = '4242424242424242', *, save: bool = False,
                            amount: str = ''):
    started = await start_payment(actor, PayRequest([i.id for i in invoices], amount, save_card=save))
    assert started.state == 'needs_card' and started.client_secret.startswith('seti_')
    setup_id = await browser_confirms_card(base, started.client_secret, number)
    return await continue_with_card(actor, started.online_payment_id, setup_id)


async def test_paying_an_invoice_with_a_new_card_records_it_everywhere_once(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 12000, 3000)
    events: list[Event] = []
    unsubscribe = bus.subscribe(events.append)
    try:
        outcome = await pay_with_new_card(stripe_up, actor, [invoice], save=True)
    finally:
        unsubscribe()
    assert (outcome.state, outcome.amount) == ('paid', 15000)

    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.PAID, 15000, None)
    payment = await Payment.get(contact_id=contact.id)
    assert (payment.amount, payment.mode, payment.reference, payment.paid_by_id) == (
        15000, PaymentMode.ONLINE_CARD, 'Visa ending in 4242', actor.person_id)
    assert payment.gateway_payment_id.startswith('pi_')
    online = await OnlinePayment.get(id=outcome.online_payment_id)
    assert (online.status, online.payment_id, online.payment_intent_id) == (
        OnlinePaymentStatus.SUCCEEDED, payment.id, payment.gateway_payment_id)
    card = await SavedCard.get(person_id=actor.person_id)
    assert (card.brand, card.last4, card.exp_month, card.exp_year, card.is_default) == ('visa', '4242', 12, 2034, True)
    assert (await Contact.get(id=contact.id)).stripe_customer_id.startswith('cus_')
    activity = await Activity.get(kind=ActivityKind.PAID)
    assert (activity.document_id, activity.person_id, activity.detail) == (invoice.id, actor.person_id,
                                                                           'Paid $150.00 by card')
    receipt = await OutgoingMail.get(kind='payment_receipt')
    assert receipt.to_address == 'casey@acme.example'
    assert f'{invoice.number}: $150.00' in receipt.text_body and payment.gateway_payment_id in receipt.text_body
    assert {(e.kind, e.document_id) for e in events} >= {('payment.recorded', None), ('document.status', invoice.id)}


async def test_a_saved_card_pays_in_one_step_and_an_unsaved_card_is_not_kept(acme, stripe_up):
    contact, actor = acme
    first, second, third = [await factories.invoice(contact, amount) for amount in (1000, 2000, 3000)]
    await pay_with_new_card(stripe_up, actor, [first], save=True)
    card = await SavedCard.get(person_id=actor.person_id)

    outcome = await start_payment(actor, PayRequest([second.id], card_id=card.id))
    assert outcome.state == 'paid'
    await second.refresh_from_db()
    assert second.status == InvoiceStatus.PAID

    outcome = await pay_with_new_card(stripe_up, actor, [third], save=False)
    assert await SavedCard.filter(person_id=actor.person_id).count() == 1
    unsaved = await OnlinePayment.get(id=outcome.online_payment_id)
    method = await payment_gateway.current().read_card(unsaved.payment_method_id)
    assert method.customer_id is None  # detached once its payment was over


async def test_a_declined_card_shows_the_reason_records_nothing_and_frees_the_invoice(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    outcome = await pay_with_new_card(stripe_up, actor, [invoice], DECLINED)
    assert (outcome.state, outcome.message) == ('declined', 'Your card was declined.')
    assert not await Payment.exists()
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.SENT, 0, None)
    assert (await OnlinePayment.get(id=outcome.online_payment_id)).status == OnlinePaymentStatus.FAILED
    assert not await OutgoingMail.exists()
    assert (await pay_with_new_card(stripe_up, actor, [invoice])).state == 'paid'  # another card works at once


async def test_a_card_that_needs_3d_secure_is_paid_after_the_bank_step(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 7000)
    outcome = await pay_with_new_card(stripe_up, actor, [invoice], THREE_D_SECURE)
    assert outcome.state == 'needs_action' and outcome.client_secret.startswith('pi_')
    assert not await Payment.exists()
    await browser_authenticates(stripe_up, outcome.client_secret)
    assert (await check_payment(actor, outcome.online_payment_id)).state == 'paid'
    await invoice.refresh_from_db()
    assert invoice.status == InvoiceStatus.PAID


async def test_failing_the_bank_step_charges_nothing(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 7000)
    outcome = await pay_with_new_card(stripe_up, actor, [invoice], THREE_D_SECURE)
    await browser_authenticates(stripe_up, outcome.client_secret, success=False)
    result = await check_payment(actor, outcome.online_payment_id)
    assert result.state == 'declined' and 'authentication' in result.message
    assert not await Payment.exists()
    assert (await Document.get(id=invoice.id)).payment_lock is None


async def test_one_charge_pays_every_chosen_invoice_its_balance(acme, stripe_up):
    contact, actor = acme
    today = clock.today()
    old = await factories.invoice(contact, 10000, issued=today - timedelta(days=60))
    half = await factories.invoice(contact, 8000)
    await factories.payment(contact, [(half, 3000)])
    new = await factories.invoice(contact, 2500)
    left_out = await factories.invoice(contact, 999)
    offline_only = await factories.invoice(contact, 4000, online_payment=OnlinePaymentOption.NONE)

    options = await pay_options(actor)
    assert [i.number for i in options.invoices] == [old.number, half.number, new.number, left_out.number]
    assert options.not_online == 1 and options.total == 10000 + 5000 + 2500 + 999 and options.available
    outcome = await pay_with_new_card(stripe_up, actor, [old, half, new])
    assert (outcome.state, outcome.amount) == ('paid', 17500)

    payment = await Payment.get(gateway_payment_id__isnull=False).prefetch_related('allocations')
    assert sorted((a.document_id, a.amount) for a in payment.allocations) == sorted(
        [(old.id, 10000), (half.id, 5000), (new.id, 2500)])
    for document, status in ((old, 'paid'), (half, 'paid'), (new, 'paid'), (left_out, 'sent'), (offline_only, 'sent')):
        await document.refresh_from_db()
        assert document.status == status
    receipt = (await OutgoingMail.get(kind='payment_receipt')).text_body
    assert all(f'{d.number}: {amount}' in receipt for d, amount in ((old, '$100.00'), (half, '$50.00'),
                                                                      (new, '$25.00')))
    assert len(await payment_intents_of(stripe_up, (await Contact.get(id=contact.id)).stripe_customer_id)) == 1


async def test_a_partial_payment_is_between_the_minimum_and_the_balance(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 10000, allow_partial_payments=True)
    for typed, message in (('100.01', 'That is more than the balance due ($100.00).'),
                           ('0.99', 'The smallest amount you can pay is $1.00.'),
                           ('12.345', 'Use at most two decimals.'), ('-5', 'The amount cannot be negative.')):
        with pytest.raises(Invalid) as refused:
            await start_payment(actor, PayRequest([invoice.id], typed))
        assert refused.value.fields == {'amount': message}
    assert not await OnlinePayment.exists()
    assert (await Document.get(id=invoice.id)).payment_lock is None

    outcome = await pay_with_new_card(stripe_up, actor, [invoice], amount='40.50')
    assert (outcome.state, outcome.amount) == ('paid', 4050)
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.balance) == (InvoiceStatus.PARTIALLY_PAID, 5950)


async def test_amounts_and_invoices_tampered_in_the_browser_are_refused(acme, stripe_up):
    contact, actor = acme
    other = await factories.contact('Globex')
    theirs = await factories.invoice(other, 5000)
    draft = await factories.invoice(contact, 5000, status=InvoiceStatus.DRAFT)
    void = await factories.invoice(contact, 5000, status=InvoiceStatus.VOID, sent_at=clock.now())
    paid = await factories.invoice(contact, 5000)
    await factories.payment(contact, [(paid, 5000)])
    offline = await factories.invoice(contact, 5000, online_payment=OnlinePaymentOption.NONE)
    whole_only = await factories.invoice(contact, 5000)
    mine = await factories.invoice(contact, 6000)

    for ids in ([theirs.id], [mine.id, theirs.id], [draft.id], [987654]):
        with pytest.raises(NotFound):
            await start_payment(actor, PayRequest(ids))
    for ids in ([void.id], [paid.id], [offline.id, mine.id]):
        with pytest.raises(Conflict):
            await start_payment(actor, PayRequest(ids))
    with pytest.raises(Invalid) as refused:
        await start_payment(actor, PayRequest([whole_only.id], '10.00'))  # no partial payment on this one
    assert 'amount' in refused.value.fields
    with pytest.raises(Invalid):
        await start_payment(actor, PayRequest([mine.id, whole_only.id], '1.00'))  # an amount for several invoices
    with pytest.raises(Invalid):
        await start_payment(actor, PayRequest([]))
    with pytest.raises(NotFound):
        await pay_options(actor, theirs.id)
    assert not await OnlinePayment.exists()
    assert not await Document.filter(payment_lock__isnull=False).exists()


async def test_a_second_attempt_on_a_balance_in_flight_is_refused_until_the_first_ends(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    first = await start_payment(actor, PayRequest([invoice.id]))
    with pytest.raises(Conflict) as refused:
        await start_payment(actor, PayRequest([invoice.id]))
    assert 'already in progress' in refused.value.message
    assert (await pay_options(actor)).invoices[0].in_progress

    await abandon_payment(actor, first.online_payment_id)
    assert (await OnlinePayment.get(id=first.online_payment_id)).status == OnlinePaymentStatus.CANCELED
    assert (await pay_with_new_card(stripe_up, actor, [invoice])).state == 'paid'


async def test_an_invoice_paid_in_another_tab_after_it_was_read_is_not_charged_again(acme, stripe_up, monkeypatch):
    """The other tab's payment lands (and lets go of its lock) between this attempt reading the invoice and
    locking it; this attempt must then see that the balance it planned from is gone."""
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    reads = []

    async def read_then_other_tab_pays(actor_, invoice_ids):
        documents = await original(actor_, invoice_ids)
        reads.append(len(documents))
        if len(reads) == 3:  # the read inside the transaction that creates the attempt
            await Document.filter(id=invoice.id).update(amount_paid=5000, status=InvoiceStatus.PAID)
        return documents

    original = online.chosen_invoices
    monkeypatch.setattr(online, 'chosen_invoices', read_then_other_tab_pays)
    with pytest.raises(Conflict) as refused:
        await start_payment(actor, PayRequest([invoice.id]))
    assert 'already in progress' in refused.value.message
    assert reads == [1, 1, 1]
    assert not await OnlinePayment.exists()
    assert not await Document.filter(payment_lock__isnull=False).exists()


async def test_an_expired_lock_is_taken_over_and_its_attempt_can_no_longer_charge(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    stuck = await pay_with_new_card(stripe_up, actor, [invoice], THREE_D_SECURE)
    assert stuck.state == 'needs_action'
    await Document.filter(id=invoice.id).update(payment_lock_until=clock.now() - timedelta(seconds=1))

    assert (await pay_with_new_card(stripe_up, actor, [invoice])).state == 'paid'
    assert (await OnlinePayment.get(id=stuck.online_payment_id)).status == OnlinePaymentStatus.CANCELED
    intent = await payment_gateway.current().read_payment(
        (await OnlinePayment.get(id=stuck.online_payment_id)).payment_intent_id)
    assert intent.status == 'canceled'


async def test_without_a_reachable_processor_paying_is_unavailable_and_nothing_is_locked(acme):
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    payment_gateway.install(gateway('http://127.0.0.1:9'))  # nothing listens there
    options = await pay_options(actor, invoice.id)
    assert not options.available and options.invoices[0].number == invoice.number
    with pytest.raises(PaymentUnavailable):
        await start_payment(actor, PayRequest([invoice.id]))
    payment_gateway.install(None)
    with pytest.raises(PaymentUnavailable):
        await start_payment(actor, PayRequest([invoice.id]))
    assert not await OnlinePayment.exists()
    assert (await Document.get(id=invoice.id)).payment_lock is None


async def test_charges_carry_an_idempotency_key_derived_from_the_payment_row(acme, stripe_up):
    contact, actor = acme
    invoice = await factories.invoice(contact, 5000)
    keys: list[str] = []
    real = payment_gateway.current()

    class Recording(type(real)):  # the real gateway, noting the keys it sends
        async def create_payment(self, **request):
            keys.append(request['idempotency_key'])
            return await super().create_payment(**request)

    recording = gateway(stripe_up)
    recording.__class__ = Recording
    payment_gateway.install(recording)
    outcome = await pay_with_new_card(stripe_up, actor, [invoice])
    online = await OnlinePayment.get(id=outcome.online_payment_id)
    assert keys == [f'online-payment-{online.id}-{int(online.created_at.timestamp())}-charge']


async def test_a_removed_card_can_no_longer_pay(acme, stripe_up):
    contact, actor = acme
    first, second, third = [await factories.invoice(contact, amount) for amount in (1000, 2000, 3000)]
    await pay_with_new_card(stripe_up, actor, [first], save=True)
    card = await SavedCard.get(person_id=actor.person_id)
    await remove_card(actor, card.id)
    assert (await payment_gateway.current().read_card(card.payment_method_id)).customer_id is None
    with pytest.raises(NotFound):
        await start_payment(actor, PayRequest([second.id], card_id=card.id))
    someone_else = await factories.portal_actor(await factories.person(contact, 'jamie@acme.example'))
    await pay_with_new_card(stripe_up, actor, [second], save=True)
    with pytest.raises(NotFound):  # a card is its owner's alone, even within the same company
        await start_payment(someone_else, PayRequest([third.id],
                                                     card_id=(await SavedCard.get(person_id=actor.person_id)).id))
