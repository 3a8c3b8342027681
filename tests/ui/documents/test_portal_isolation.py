"""Signed in as one client, every portal page and action refuses another client's documents like missing ones."""
import pytest
from nicegui.testing import User

from domain import sessions
from domain.documents.portal import accept_estimate, decline_estimate, open_estimate, open_invoice
from domain.errors import NotFound
from domain.models import Activity, Document, DocumentKind, EstimateStatus, InvoiceStatus, SessionKind
from tests import factories
from tests.ui.conftest import sign_in

NOT_FOUND = 'We could not find that page'


async def globex_documents() -> dict[str, Document]:
    globex = await factories.contact('Globex')
    documents = {
        'estimate': await factories.estimate(globex, 1000, reference='GLOBEX-SECRET'),
        'invoice': await factories.invoice(globex, 2000, reference='GLOBEX-SECRET'),
        'retainer': await factories.invoice(globex, 3000, kind=DocumentKind.RETAINER, reference='GLOBEX-SECRET'),
    }
    await factories.payment(globex, [(documents['invoice'], 500)], reference='GLOBEX-SECRET')
    return documents


async def test_every_route_and_action_treats_another_clients_ids_as_missing(user: User):
    await user.open('/portal/login')
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@acme.example')
    own_draft = await factories.estimate(acme, 100, status=EstimateStatus.DRAFT)
    own_draft_invoice = await factories.invoice(acme, 100, status=InvoiceStatus.DRAFT)
    theirs = await globex_documents()
    await sign_in(user, 'portal', 'casey@acme.example')

    foreign = [str(d.id) for d in theirs.values()] + [str(own_draft.id), str(own_draft_invoice.id)]
    missing = ['424242', '0', 'abc', '9' * 30, '-3']
    for route in ('/portal/estimates/{}', '/portal/invoices/{}'):
        for document_id in foreign + missing:
            response = await user.http_client.get(route.format(document_id))
            assert response.status_code == 404, (route, document_id)
            assert NOT_FOUND in response.text
            assert 'GLOBEX-SECRET' not in response.text and 'Globex' not in response.text

    for route in ('/portal', '/portal/estimates', '/portal/invoices', '/portal/payments', '/portal/statement',
                  '/portal/account', '/portal/company', '/portal/statement?period=custom&start=2000-01-01'
                  '&end=2009-12-31'):
        response = await user.http_client.get(route)
        assert response.status_code == 200, route
        assert 'GLOBEX-SECRET' not in response.text and 'Globex' not in response.text, route
        for document in theirs.values():
            assert document.number not in response.text, route

    actor = await sessions.resolve_session(SessionKind.PORTAL, user.http_client.cookies['portal_session'])
    assert actor is not None and actor.contact_id == acme.id
    for document_id in foreign + missing:
        for action in (open_estimate(actor, document_id), open_invoice(actor, document_id),
                       accept_estimate(actor, document_id, ''), decline_estimate(actor, document_id, 'no')):
            with pytest.raises(NotFound):
                await action
    assert await Activity.all().count() == 0
    assert (await Document.get(id=theirs['estimate'].id)).status == EstimateStatus.SENT
    assert await Document.filter(first_viewed_at__isnull=False).count() == 0


async def test_a_signed_out_person_is_sent_to_sign_in_from_every_portal_page(user: User):
    await user.open('/portal/login')
    estimate = (await globex_documents())['estimate']
    for route in ('/portal', f'/portal/estimates/{estimate.id}', '/portal/statement', '/portal/company',
                  '/portal/password', '/portal/account', '/portal/payments'):
        await user.open(route)
        await user.should_see('Sign in to your account')
