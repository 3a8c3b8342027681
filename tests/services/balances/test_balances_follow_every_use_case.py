"""The stored balances (domain/balances) agree with the documents and payments after every use case that moves
money: run through the real use cases, and after each one `verify` recomputes every figure and finds nothing."""
from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from domain import clock
from domain.balances.rebuild import disagreements, stored
from domain.documents.acceptance import current_hash
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.documents.estimates import convert_to_invoice, create_estimate, mark_estimate, send_estimate
from domain.documents.invoices import create_invoice, send_invoice, update_invoice, void_invoice
from domain.documents.staff import delete_draft
from domain.errors import Conflict, Invalid
from domain.models import BalanceDay, Document, DocumentKind, InvoiceStatus, Payment
from domain.overview.portal import dashboard
from domain.payments import gateway as payment_gateway
from domain.payments.offline import PaymentDraft, delete_payment, record_payment
from domain.payments.online import PayRequest, continue_with_card, start_payment
from domain.statements.statement import build_statement
from tests import factories
from tests.stripe_support import browser_confirms_card, gateway


async def agree() -> None:
    assert await disagreements() == []


def invoice_draft(contact_id: int, *rates: str, kind=DocumentKind.INVOICE, issued=None, due='') -> DocumentDraft:
    issued = issued or clock.today()
    return DocumentDraft(kind=kind, contact_id=contact_id, issue_date=issued.isoformat(), due_date=due,
                         lines=[LineDraft(f'Item {n}', '', '1', rate, '') for n, rate in enumerate(rates or ('100.00',))])


@pytest.fixture
async def acme(db):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation', payment_terms=14)
    person = await factories.person(contact, 'alex@acme.example')
    return contact, await factories.staff_actor(), await factories.portal_actor(person)


async def test_every_staff_use_case_that_moves_money_leaves_the_stored_balances_right(acme):
    contact, staff, client = acme
    today = clock.today()
    first = await create_invoice(staff, invoice_draft(contact.id, '120.00', '30.00', issued=today - timedelta(days=70)))
    await agree()
    await update_invoice(staff, first, invoice_draft(contact.id, '150.00', issued=today - timedelta(days=75)))
    await agree()
    assert await stored() == {}  # a draft is on no statement
    await send_invoice(staff, first, without_email=True)
    await agree()
    second = await create_invoice(staff, invoice_draft(contact.id, '80.00', issued=today - timedelta(days=10)))
    await send_invoice(staff, second, without_email=True)
    retainer = await create_invoice(staff, invoice_draft(contact.id, '40.00', kind=DocumentKind.RETAINER))
    await send_invoice(staff, retainer, without_email=True)
    await agree()

    partial = await record_payment(staff, contact.id, PaymentDraft(
        today.isoformat(), '50.00', 'bank_transfer', allocations={first: '50.00'}))
    await agree()
    oldest_first = await record_payment(staff, contact.id, PaymentDraft(
        (today - timedelta(days=3)).isoformat(), '140.00', 'cheque'))  # pays off the first, then part of the second
    await agree()
    assert (await Document.get(id=first)).status == InvoiceStatus.PAID

    # a sent, partly paid invoice edited: new total, issue date and due date
    await update_invoice(staff, second, invoice_draft(contact.id, '95.00', issued=today - timedelta(days=40),
                                                      due=(today - timedelta(days=5)).isoformat()))
    await agree()
    with pytest.raises(Invalid):  # below what was paid: nothing changes
        await update_invoice(staff, second, invoice_draft(contact.id, '1.00'))
    await agree()

    await delete_payment(staff, oldest_first)
    await agree()
    await delete_payment(staff, partial)
    await agree()
    await void_invoice(staff, second)
    await agree()
    with pytest.raises(Conflict):
        await void_invoice(staff, second)
    await agree()

    estimate = await create_estimate(staff, DocumentDraft(
        kind=DocumentKind.ESTIMATE, contact_id=contact.id, issue_date=today.isoformat(),
        expiry_date=(today + timedelta(days=30)).isoformat(), lines=[LineDraft('Design', '', '2', '450.00', '10')]))
    await send_estimate(staff, estimate, without_email=True)
    await mark_estimate(staff, estimate, 'accept', 'By phone', shown_sha256=await current_hash(estimate))
    converted = await convert_to_invoice(staff, estimate)
    await agree()
    await send_invoice(staff, converted, without_email=True)
    await agree()
    draft = await create_invoice(staff, invoice_draft(contact.id, '10.00'))
    await delete_draft(staff, draft)
    await agree()

    # what the pages show, from the store, is what the documents say
    board = await dashboard(client)
    open_invoices = await Document.filter(contact_id=contact.id, kind=DocumentKind.INVOICE,
                                          status__in=['sent', 'partially_paid'])
    assert board.outstanding_total == sum(d.total - d.amount_paid for d in open_invoices) > 0
    assert board.retainer_total == 4000
    statement = await build_statement(contact.id, today - timedelta(days=30), today)
    assert statement.opening_balance == 15000  # the first invoice, issued 75 days ago, owed again
    assert statement.ageing.total == sum(d.total - d.amount_paid for d in open_invoices) + 4000
    assert await stored() != {}


async def test_a_corrupted_figure_is_found_and_rebuilt(acme):
    contact, _, _ = acme
    invoice = await factories.invoice(contact, 10000)
    await factories.payment(contact, [(invoice, 4000)])
    await agree()
    await BalanceDay.filter(contact_id=contact.id).update(received_high=0, received_low=1)
    found = await disagreements()
    assert len(found) == 1 and 'stored (10000, 1, 1, 1)' in found[0], found
    await factories.rebuild_balances(contact)
    await agree()


async def test_the_demo_data_leaves_the_stored_balances_right(db):
    from domain.overview.demo import seed
    assert await seed()
    await agree()
    assert await Payment.exists()


@pytest.fixture
async def stripe_up(db, localstripe: str) -> AsyncIterator[str]:
    payment_gateway.install(gateway(localstripe))
    yield localstripe
    payment_gateway.install(None)


async def test_card_payments_and_their_webhook_leave_the_stored_balances_right(acme, stripe_up):
    from domain.payments.recording import settle
    contact, _, client = acme
    invoices = [await factories.invoice(contact, 12000), await factories.invoice(contact, 8000, kind=DocumentKind.RETAINER)]
    started = await start_payment(client, PayRequest([i.id for i in invoices]))
    setup_id = await browser_confirms_card(stripe_up, started.client_secret)
    outcome = await continue_with_card(client, started.online_payment_id, setup_id)
    assert outcome.state == 'paid'
    await agree()
    payment = await Payment.get(contact_id=contact.id)
    intent = await payment_gateway.current().read_payment(payment.gateway_payment_id)  # the webhook's late report
    assert (await settle(intent)).state == 'already'
    await agree()
