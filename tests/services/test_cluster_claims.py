"""Two app processes on one PostgreSQL, each a real OS process (tests/services/cluster_worker.py): the outbox and
the payment records stay right when both work on the same rows at the same moment."""
import json

import pytest

from domain.models import (
    Activity,
    GatewayEvent,
    InvoiceStatus,
    MailStatus,
    OnlinePayment,
    OnlinePaymentStatus,
    OutgoingMail,
    Payment,
    PaymentAllocation,
)
from domain.payments import gateway as payment_gateway
from tests import factories
from tests.conftest import Mailbox
from tests.services.cluster_support import database_url, needs_postgres, two_processes
from tests.services.mail.test_mail_sender import queue_invitation
from tests.services.payments.test_online_payments_webhook import authenticated_but_unreported
from tests.stripe_support import gateway, webhook

pytestmark = needs_postgres


async def test_two_processes_sending_the_outbox_send_every_email_once(pg, smtp_server):
    await factories.business(name='Northwind Studio')
    box = Mailbox(delay=0.03)  # each email takes a moment, so the two senders overlap
    port = smtp_server(box).port
    rows = [await queue_invitation(f'person{n}@example.com') for n in range(30)]

    first, second = await two_processes('mail', database_url(pg), str(port))
    assert first['sent'] + second['sent'] == 30
    assert first['sent'] > 0 and second['sent'] > 0  # both really took part
    assert sorted(m['To'].addresses[0].addr_spec for m in box.received) == sorted(r.to_address for r in rows)
    assert len({m['Message-ID'] for m in box.received}) == 30
    assert await OutgoingMail.filter(status=MailStatus.SENT, attempts=1).count() == 30


@pytest.fixture
async def stripe_up(pg, localstripe: str):
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


async def test_a_webhook_delivered_to_two_processes_at_once_records_one_payment(pg, stripe_up, tmp_path):
    await factories.business()
    contact = await factories.contact('Acme Corporation')
    actor = await factories.portal_actor(await factories.person(contact, 'casey@acme.example'))
    invoice = await factories.invoice(contact, 9000)
    attempt, intent_id = await authenticated_but_unreported(stripe_up, actor, invoice)
    payload, headers = webhook(intent_id)
    delivery = tmp_path / 'webhook.json'
    delivery.write_text(json.dumps({'payload': payload.decode(), 'headers': headers}))

    first, second = await two_processes('webhook', database_url(pg), stripe_up, str(delivery))
    assert first['status'] + second['status'] == [200] * 6  # three copies to each process, all at once
    results = first['results'] + second['results']
    assert results.count('recorded') == 1  # one delivery recorded it; the others found it done
    assert set(results) - {'recorded'} <= {'already', 'duplicate'}
    assert await Payment.filter(gateway_payment_id=intent_id).count() == 1
    assert await PaymentAllocation.filter(document_id=invoice.id).count() == 1
    assert await GatewayEvent.all().count() == 1
    assert await OutgoingMail.filter(kind='payment_receipt').count() == 1
    assert await Activity.filter(document_id=invoice.id, kind='paid').count() == 1
    assert (await OnlinePayment.get(id=attempt.online_payment_id)).status == OnlinePaymentStatus.SUCCEEDED
    await invoice.refresh_from_db()
    assert (invoice.status, invoice.amount_paid, invoice.payment_lock) == (InvoiceStatus.PAID, 9000, None)
