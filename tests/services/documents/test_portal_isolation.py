"""A portal user reaches only their own contact's documents, payments and statement, whatever ids they try."""
from datetime import date

import pytest

from domain import clock, sessions
from domain.conversation.comments import portal_comments
from domain.documents.portal import (
    accept_estimate,
    decline_estimate,
    list_estimates,
    list_invoices,
    open_estimate,
    open_invoice,
)
from domain.errors import NotFound
from domain.files.attachments import list_attachments
from domain.models import Activity, Contact, Document, DocumentKind, EstimateStatus, InvoiceStatus
from domain.overview.portal import dashboard, payments_made
from domain.statements.access import portal_statement_for
from domain.statements.statement import Cursor, build_statement, more_statement_lines
from tests import factories

MISSING = 987654


@pytest.fixture
async def two_clients(db):
    """Casey at Acme, and Globex with one of everything."""
    acme = await factories.contact('Acme')
    casey = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    globex = await factories.contact('Globex')
    documents = {
        'estimate': await factories.estimate(globex, 1000),
        'invoice': await factories.invoice(globex, 2000),
        'retainer': await factories.invoice(globex, 3000, kind=DocumentKind.RETAINER),
        'draft estimate': await factories.estimate(globex, 4000, status=EstimateStatus.DRAFT),
    }
    await factories.payment(globex, [(documents['invoice'], 500)])
    own_draft = await factories.estimate(acme, 5000, status=EstimateStatus.DRAFT)
    own_draft_invoice = await factories.invoice(acme, 5000, status=InvoiceStatus.DRAFT)
    return casey, documents, [own_draft, own_draft_invoice]


def ids(two_clients):
    _, documents, own_drafts = two_clients
    return [d.id for d in documents.values()] + [d.id for d in own_drafts] + [MISSING, '0', '-1', 'abc', '1' * 40]


async def test_every_read_of_another_contacts_document_is_not_found(two_clients):
    casey = two_clients[0]
    for document_id in ids(two_clients):
        for read in (open_estimate, open_invoice):
            with pytest.raises(NotFound):
                await read(casey, document_id)
    assert await Activity.all().count() == 0
    assert await Document.filter(first_viewed_at__isnull=False).count() == 0


async def test_every_action_on_another_contacts_estimate_is_not_found_and_changes_nothing(two_clients):
    casey = two_clients[0]
    for document_id in ids(two_clients):
        with pytest.raises(NotFound):
            await accept_estimate(casey, document_id, '')
        with pytest.raises(NotFound):
            await decline_estimate(casey, document_id, 'no')
    assert await Document.filter(status__in=[EstimateStatus.ACCEPTED, EstimateStatus.DECLINED]).count() == 0
    assert await Activity.all().count() == 0


async def test_an_invoice_id_does_not_open_as_an_estimate_nor_the_other_way_round(db):
    acme = await factories.contact('Acme')
    casey = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    estimate, invoice = await factories.estimate(acme, 1000), await factories.invoice(acme, 1000)
    with pytest.raises(NotFound):
        await open_invoice(casey, estimate.id)
    with pytest.raises(NotFound):
        await open_estimate(casey, invoice.id)
    with pytest.raises(NotFound):
        await accept_estimate(casey, invoice.id, '')


async def test_lists_figures_payments_and_statement_hold_nothing_of_another_contact(two_clients):
    casey = two_clients[0]
    assert (await list_estimates(casey)).count == 0
    assert (await list_invoices(casey)).count == 0
    assert (await payments_made(casey)).count == 0
    figures = await dashboard(casey)
    assert (figures.outstanding_total, figures.retainer_total, figures.awaiting_estimates) == (0, 0, 0)
    assert figures.last_payment is None
    today = clock.today()
    statement = await portal_statement_for(casey, 'custom', date(today.year - 9, 1, 1).isoformat(), today.isoformat())
    assert (statement.invoiced, statement.received, statement.first.lines) == (0, 0, [])


async def test_more_statement_lines_refuses_a_statement_of_another_contact(two_clients):
    casey = two_clients[0]
    _, documents, _ = two_clients
    globex_id = documents['invoice'].contact_id
    theirs = await build_statement(globex_id, date(2000, 1, 1), clock.today(), clock.today())
    with pytest.raises(NotFound):
        await more_statement_lines(casey, theirs, Cursor(date(2000, 1, 1), 'invoice', 0, 0))


async def test_the_document_a_page_just_opened_opens_nothing_else_and_is_read_again_after_the_page_load(
        two_clients, monkeypatch: pytest.MonkeyPatch):
    casey, documents, _ = two_clients
    own = await factories.invoice(await Contact.get(id=casey.contact_id), 1200)
    await open_invoice(casey, own.id)  # the page load's attachments and comments reuse this read
    for read in (portal_comments, list_attachments):
        with pytest.raises(NotFound):
            await read(casey, documents['invoice'].id)
    await Document.filter(id=own.id).update(status=InvoiceStatus.DRAFT)  # taken back while the page loads
    assert await portal_comments(casey, own.id) == []
    monkeypatch.setattr(sessions.PageLoadRead, 'SECONDS', 0.0)  # a live update after the page load reads afresh
    for read in (portal_comments, list_attachments):
        with pytest.raises(NotFound):
            await read(casey, own.id)
