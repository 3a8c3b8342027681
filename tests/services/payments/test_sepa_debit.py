"""A client pays EUR invoices by SEPA direct debit: the invoice shows "Payment processing" until the bank answers
through the webhook, a refused debit opens the invoice again and tells client and staff, and every outcome is
recorded once, however often the webhook comes."""
from __future__ import annotations

from collections.abc import AsyncIterator

import httpx
import pytest
from fastapi import FastAPI

from domain.documents.acceptance import Requester
from domain.documents.rules import invoice_display_status
from domain.errors import Conflict, Invalid
from domain.models import (
    Activity,
    AuditEntry,
    Document,
    InvoiceStatus,
    OnlinePayment,
    OnlinePaymentStatus,
    OutgoingMail,
    Payment,
    PaymentMode,
    SepaMandate,
)
from domain.payments import gateway as payment_gateway
from domain.payments.options import pay_options
from domain.payments.sepa import DebitRequest, continue_with_debit, start_debit
from pages import stripe_webhook
from tests import factories
from tests.stripe_support import FAILING_IBAN, GOOD_IBAN, browser_confirms_debit, debit_finished, gateway, webhook

BROWSER = Requester(ip='203.0.113.7', user_agent='Mozilla/5.0 (tests)')


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


@pytest.fixture
async def client(stripe_up) -> AsyncIterator[httpx.AsyncClient]:
    app = FastAPI()
    app.include_router(stripe_webhook.router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as http:
        yield http


async def invoice_in_euros(contact, *rates: int) -> Document:
    invoice = await factories.invoice(contact, *rates)
    await Document.filter(id=invoice.id).update(currency='EUR')
    await invoice.refresh_from_db()
    return invoice


def details(invoice_ids: list[int], iban: str = GOOD_IBAN, **fields) -> DebitRequest:
    values = {'account_holder': 'Casey Client', 'email': 'casey@acme.example', 'accepted': True, **fields}
    return DebitRequest(invoice_ids, iban=iban, **values)


async def debit(base: str, actor, request: DebitRequest):
    started = await start_debit(actor, request)
    assert started.state == 'needs_debit'
    setup_id = await browser_confirms_debit(base, started.client_secret, request.iban)
    return await continue_with_debit(actor, started.online_payment_id, setup_id, request, BROWSER)


async def shown(invoice: Document) -> InvoiceStatus:
    await invoice.refresh_from_db()
    return invoice_display_status(invoice.status, invoice.total, invoice.amount_paid, invoice.due_date,
                                  invoice.due_date, processing=invoice.payment_processing)


async def test_a_debit_shows_processing_until_the_webhook_says_it_succeeded(sepa_client, stripe_up, client):
    contact, actor = sepa_client
    invoice = await invoice_in_euros(contact, 12000)
    options = await pay_options(actor, invoice.id)
    assert options.debit is not None and 'DE98ZZZ09999999999' in options.debit.mandate_text
    assert 'Northwind Studio' in options.debit.mandate_text and 'eight weeks' in options.debit.mandate_text

    outcome = await debit(stripe_up, actor, details([invoice.id], save=True))
    assert outcome.state == 'processing'
    assert await shown(invoice) == InvoiceStatus.PROCESSING
    assert not await Payment.exists()
    mandate = await SepaMandate.get(contact_id=contact.id)
    assert (mandate.iban_last4, mandate.ip, mandate.user_agent, mandate.saved) == \
        ('3000', '203.0.113.7', 'Mozilla/5.0 (tests)', True)
    assert 'DE98ZZZ09999999999' in mandate.text_shown and mandate.account_holder == 'Casey Client'
    assert [(row.action, row.actor_name, row.target_label) for row in await AuditEntry.all().order_by('id')
            if row.action in ('payment.debit_started', 'mandate.accepted')] == [
        ('payment.debit_started', actor.name, ''), ('mandate.accepted', actor.name, 'IBAN …3000')]

    attempt = await OnlinePayment.get(id=outcome.online_payment_id)
    assert (await debit_finished(stripe_up, attempt.payment_intent_id))['status'] == 'succeeded'
    answer = await client.post('/stripe/webhook', content=(sent := webhook(attempt.payment_intent_id))[0],
                               headers=sent[1])
    assert answer.json()['result'] == 'recorded'
    again = await client.post('/stripe/webhook', content=sent[0], headers=sent[1])  # the same event twice
    assert again.json()['result'] == 'duplicate'
    other = webhook(attempt.payment_intent_id)  # another event about the same debit
    assert (await client.post('/stripe/webhook', content=other[0], headers=other[1])).json()['result'] == 'already'
    payment = await Payment.get(gateway_payment_id=attempt.payment_intent_id)
    assert (payment.mode, payment.amount, payment.reference) == (PaymentMode.SEPA_DEBIT, 12000, 'SEPA debit ····3000')
    assert await shown(invoice) == InvoiceStatus.PAID
    assert (invoice.payment_processing, invoice.payment_lock) == (False, None)
    assert await Payment.all().count() == 1


async def test_a_saved_mandate_pays_the_next_invoice_without_new_details(sepa_client, stripe_up):
    contact, actor = sepa_client
    first, second = await invoice_in_euros(contact, 5000), \
        await invoice_in_euros(contact, 7000)
    await debit(stripe_up, actor, details([first.id], save=True))
    options = await pay_options(actor, second.id)
    assert options.debit is not None and [m.label for m in options.debit.mandates] == ['Casey Client · IBAN ····3000']
    outcome = await start_debit(actor, DebitRequest([second.id], mandate_id=options.debit.mandates[0].id))
    assert outcome.state == 'processing'
    assert await shown(second) == InvoiceStatus.PROCESSING


async def test_a_refused_debit_opens_the_invoice_again_and_tells_client_and_staff(sepa_client, stripe_up, client):
    contact, actor = sepa_client
    invoice = await invoice_in_euros(contact, 8000)
    outcome = await debit(stripe_up, actor, details([invoice.id], FAILING_IBAN))
    assert outcome.state == 'processing'
    attempt = await OnlinePayment.get(id=outcome.online_payment_id)
    assert (await debit_finished(stripe_up, attempt.payment_intent_id))['status'] == 'requires_payment_method'
    sent = webhook(attempt.payment_intent_id, 'payment_intent.payment_failed')
    assert (await client.post('/stripe/webhook', content=sent[0], headers=sent[1])).json()['result'] == 'failed'
    assert (await client.post('/stripe/webhook', content=sent[0], headers=sent[1])).json()['result'] == 'duplicate'
    late = webhook(attempt.payment_intent_id, 'payment_intent.payment_failed')
    await client.post('/stripe/webhook', content=late[0], headers=late[1])
    assert await shown(invoice) == InvoiceStatus.SENT
    assert invoice.payment_lock is None
    assert (await OnlinePayment.get(id=attempt.id)).status == OnlinePaymentStatus.FAILED
    mails = await OutgoingMail.filter(kind__startswith='debit_failed').order_by('kind')
    assert [(m.kind, m.to_address) for m in mails] == [('debit_failed', 'casey@acme.example'),
                                                      ('debit_failed_staff', 'books@northwind.example')]
    assert 'declined' in mails[0].text_body
    assert await Activity.filter(kind='debit_failed', document_id=invoice.id).count() == 1
    assert not await Payment.exists()
    retry = await debit(stripe_up, actor, details([invoice.id]))  # the client tries again with another account
    assert retry.state == 'processing'


async def test_bad_account_details_are_refused_at_their_fields(sepa_client):
    contact, actor = sepa_client
    invoice = await invoice_in_euros(contact, 8000)
    with pytest.raises(Invalid) as refused:
        await start_debit(actor, details([invoice.id], 'DE89370400440532013099', accepted=False))
    assert set(refused.value.fields) == {'iban', 'accepted'}
    with pytest.raises(Invalid) as refused:
        await start_debit(actor, DebitRequest([invoice.id], iban=GOOD_IBAN, accepted=True))
    assert set(refused.value.fields) == {'account_holder', 'email'}
    assert not await OnlinePayment.exists()


async def test_no_debit_for_other_currencies_or_when_the_business_has_not_turned_it_on(sepa_client):
    contact, actor = sepa_client
    dollars = await factories.invoice(contact, 8000)
    assert (await pay_options(actor, dollars.id)).debit is None
    with pytest.raises(Conflict):
        await start_debit(actor, details([dollars.id]))
    euros = await invoice_in_euros(contact, 8000)
    from domain.models import Business
    await Business.all().update(sepa_debit_enabled=False)
    assert (await pay_options(actor, euros.id)).debit is None


async def test_no_reminder_and_not_overdue_while_a_debit_is_processing(sepa_client, stripe_up, client):
    from datetime import timedelta

    from domain import clock
    from domain.documents.rules import overdue
    from domain.overview.portal import dashboard
    from tests.services.reminders.conftest import remind, save_schedule
    contact, actor = sepa_client
    invoice = await factories.invoice(contact, 9000, issued=clock.today() - timedelta(days=40), due_in_days=10)
    await Document.filter(id=invoice.id).update(currency='EUR')
    await save_schedule()
    assert ((await dashboard(actor)).overdue_count, (await dashboard(actor)).overdue_total) == (1, 9000)
    outcome = await debit(stripe_up, actor, details([invoice.id], FAILING_IBAN))
    assert outcome.state == 'processing'
    assert ((await dashboard(actor)).overdue_count, (await dashboard(actor)).overdue_total) == (0, 0)
    assert await remind() == (0, 0, 0)
    assert not await Document.filter(overdue(clock.today()).q(), id=invoice.id).exists()
    assert await shown(invoice) == InvoiceStatus.PROCESSING

    attempt = await OnlinePayment.get(id=outcome.online_payment_id)
    await debit_finished(stripe_up, attempt.payment_intent_id)
    sent = webhook(attempt.payment_intent_id, 'payment_intent.payment_failed')
    await client.post('/stripe/webhook', content=sent[0], headers=sent[1])
    assert await Document.filter(overdue(clock.today()).q(), id=invoice.id).exists()  # owed and late again
    assert (await dashboard(actor)).overdue_count == 1
    assert await remind() == (1, 0, 0)


async def test_a_debit_disputed_later_is_shown_to_staff(sepa_client, stripe_up, client):
    import hashlib
    import hmac
    import json
    import time

    from tests.stripe_support import WEBHOOK_SECRET
    contact, actor = sepa_client
    invoice = await invoice_in_euros(contact, 6000)
    outcome = await debit(stripe_up, actor, details([invoice.id]))
    attempt = await OnlinePayment.get(id=outcome.online_payment_id)
    await debit_finished(stripe_up, attempt.payment_intent_id)
    sent = webhook(attempt.payment_intent_id)
    await client.post('/stripe/webhook', content=sent[0], headers=sent[1])
    created = int(time.time())
    payload = json.dumps({'id': 'evt_dispute_1', 'object': 'event', 'type': 'charge.dispute.created',
                          'created': created, 'data': {'object': {
                              'id': 'dp_1', 'object': 'dispute', 'payment_intent': attempt.payment_intent_id,
                              'reason': 'debit_not_authorized', 'amount': 6000}}}).encode()
    signature = hmac.new(WEBHOOK_SECRET.encode(), f'{created}.'.encode() + payload, hashlib.sha256).hexdigest()
    headers = {'Stripe-Signature': f't={created},v1={signature}', 'Content-Type': 'application/json'}
    for _delivery in range(2):
        answer = await client.post('/stripe/webhook', content=payload, headers=headers)
    assert answer.status_code == 200
    disputed = await Activity.filter(kind='disputed')
    assert len(disputed) == 1 and disputed[0].document_id == invoice.id
    assert 'debit_not_authorized' in disputed[0].detail
