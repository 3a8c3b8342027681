"""Two real app processes on one PostgreSQL run "Charge invoices automatically" at the same moment, each as its
timer does and as Run now does: every due invoice is charged once, with one PaymentIntent at localstripe and one
payment row."""
from __future__ import annotations

from collections import Counter

from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
from domain.models import AutomaticCharge, InvoiceStatus, JobUnit, Payment
from domain.payments import gateway as payment_gateway
from tests import factories
from tests.services.cluster_support import database_url, needs_postgres, two_processes
from tests.services.payments.automatic_support import agree
from tests.stripe_support import LOCAL_SECRET_KEY, gateway

pytestmark = needs_postgres
CONTACTS = 8


async def _intents(base: str) -> list[dict]:
    import httpx
    async with httpx.AsyncClient(timeout=10, auth=(LOCAL_SECRET_KEY, '')) as client:
        return (await client.get(f'{base}/v1/payment_intents', params={'limit': 1000})).json()['data']


async def test_two_processes_charging_at_once_charge_each_invoice_once(pg, localstripe):
    payment_gateway.install(gateway(localstripe))
    try:
        await factories.business(name='Northwind Studio')
        invoices, customers = [], set()
        for n in range(CONTACTS):
            contact = await factories.contact(f'Client {n:02d}')
            actor = await factories.portal_actor(await factories.person(contact, f'client{n}@example.com'))
            await agree(localstripe, actor)
            invoices.append(await factories.invoice(contact, 10000 + n, due_in_days=0))
            await contact.refresh_from_db()
            customers.add(contact.stripe_customer_id)
    finally:
        payment_gateway.install(None)

    first, second = await two_processes('card_jobs', database_url(pg), localstripe, CHARGE_AUTOMATICALLY)
    assert first['done'] + second['done'] == CONTACTS and first['failed'] == second['failed'] == 0

    charged = Counter(intent['metadata'].get('invoices') for intent in await _intents(localstripe)
                      if intent['customer'] in customers)
    assert charged == Counter({str(invoice.id): 1 for invoice in invoices})  # one PaymentIntent per invoice
    assert await Payment.all().count() == CONTACTS
    for invoice in invoices:
        await invoice.refresh_from_db()
        assert (invoice.status, invoice.payment_lock) == (InvoiceStatus.PAID, None)
        assert await AutomaticCharge.filter(document_id=invoice.id).count() == 1
    assert await JobUnit.filter(job=CHARGE_AUTOMATICALLY).count() == CONTACTS
