"""Downloading and printing document PDFs over HTTP, signed in on either side or not at all."""
from __future__ import annotations

import io
from collections.abc import Callable

from nicegui.testing import User
from pypdf import PdfReader

from domain.formats import money
from domain.models import Document, EstimateStatus, InvoiceStatus
from tests import factories
from tests.ui.conftest import sign_in


async def setup_documents() -> dict[str, Document]:
    await factories.business(name='Harbour Design Co')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme, globex = await factories.contact('Acme Corporation'), await factories.contact('Globex Ltd')
    await factories.person(acme, 'casey@acme.example')
    await factories.person(globex, 'grace@globex.example', first_name='Grace')
    return {
        'invoice': await factories.invoice(acme, 12000, 3050),
        'estimate': await factories.estimate(acme, 5000),
        'draft': await factories.invoice(acme, 1000, status=InvoiceStatus.DRAFT),
        'draft estimate': await factories.estimate(acme, 1000, status=EstimateStatus.DRAFT),
        'theirs': await factories.invoice(globex, 7000),
    }


def text_of(pdf: bytes) -> str:
    return ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


async def test_a_client_downloads_their_invoice_named_by_its_number_and_opens_it_to_print(user: User):
    await user.open('/portal/login')
    documents = await setup_documents()
    await sign_in(user, 'portal', 'casey@acme.example')
    invoice = documents['invoice']

    response = await user.http_client.get(f'/portal/documents/{invoice.id}.pdf')
    assert response.status_code == 200
    assert response.headers['content-type'] == 'application/pdf'
    assert response.headers['content-disposition'] == f'attachment; filename="{invoice.number}.pdf"'
    assert response.headers['cache-control'] == 'private, no-store'
    assert (response.headers['x-content-type-options'], response.headers['x-frame-options']) == ('nosniff', 'DENY')
    text = text_of(response.content)
    assert invoice.number in text and 'Acme Corporation' in text and 'Harbour Design Co' in text
    assert money(15050) in text

    printed = await user.http_client.get(f'/portal/documents/{invoice.id}.pdf?inline=1')
    assert printed.headers['content-disposition'] == f'inline; filename="{invoice.number}.pdf"'
    assert printed.content == response.content

    estimate = await user.http_client.get(f'/portal/documents/{documents["estimate"].id}.pdf')
    assert estimate.status_code == 200 and documents['estimate'].number in text_of(estimate.content)


async def test_another_contacts_document_a_draft_and_a_missing_id_look_the_same_404(user: User):
    await user.open('/portal/login')
    documents = await setup_documents()
    await sign_in(user, 'portal', 'casey@acme.example')
    paths = [f'/portal/documents/{documents[name].id}.pdf' for name in ('theirs', 'draft', 'draft estimate')]
    paths += ['/portal/documents/999999.pdf', '/portal/documents/99999999999999999999.pdf']
    for path in paths:
        response = await user.http_client.get(path)
        assert (response.status_code, response.text) == (404, 'Not found'), path
        assert 'content-disposition' not in response.headers
    assert (await user.http_client.get('/portal/documents/abc.pdf')).status_code == 404


async def test_without_a_session_every_pdf_path_is_404_not_a_sign_in_redirect(user: User, create_user: Callable):
    await user.open('/portal/login')
    documents = await setup_documents()
    stranger = create_user()
    for path in (f'/portal/documents/{documents["invoice"].id}.pdf', f'/staff/documents/{documents["invoice"].id}.pdf',
                 f'/portal/documents/{documents["invoice"].id}.pdf?inline=1', '/portal/documents/999999.pdf'):
        response = await stranger.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.text) == (404, 'Not found'), path


async def test_staff_download_any_document_and_a_portal_session_cannot_use_the_staff_path(user: User,
                                                                                        create_user: Callable):
    await user.open('/staff/login')
    documents = await setup_documents()
    await sign_in(user, 'staff', 'owner@example.com')
    for name in ('invoice', 'theirs', 'draft'):
        response = await user.http_client.get(f'/staff/documents/{documents[name].id}.pdf')
        assert response.status_code == 200, name
        assert response.headers['content-disposition'] == f'attachment; filename="{documents[name].number}.pdf"'
        assert documents[name].number in text_of(response.content)
    assert (await user.http_client.get('/staff/documents/999999.pdf')).status_code == 404

    client = create_user()
    await sign_in(client, 'portal', 'casey@acme.example')
    assert (await client.http_client.get(f'/portal/documents/{documents["invoice"].id}.pdf')).status_code == 200
    response = await client.http_client.get(f'/staff/documents/{documents["invoice"].id}.pdf')
    assert (response.status_code, response.text) == (404, 'Not found')


async def test_a_client_gets_their_own_statement_for_a_period_and_a_clear_400_for_dates_that_make_none(user: User):
    await user.open('/portal/login')
    documents = await setup_documents()
    await sign_in(user, 'portal', 'casey@acme.example')
    today = documents['invoice'].issue_date
    query = f'period=custom&start={today.year}-01-01&end={today.year}-12-31'
    theirs = documents['theirs']

    response = await user.http_client.get(f'/portal/statement.pdf?{query}&contact={theirs.contact_id}')
    assert response.status_code == 200
    assert response.headers['content-disposition'] == \
        f'attachment; filename="Statement-Acme-Corporation-{today.year}-01-01-{today.year}-12-31.pdf"'
    assert response.headers['cache-control'] == 'private, no-store'
    text = text_of(response.content)
    assert documents['invoice'].number in text and 'Acme Corporation' in text
    assert theirs.number not in text and 'Globex' not in text and documents['draft'].number not in text
    printed = await user.http_client.get(f'/portal/statement.pdf?{query}&inline=1')
    assert printed.headers['content-disposition'].startswith('inline; filename="Statement-Acme-Corporation-')
    assert (await user.http_client.get('/portal/statement.pdf?period=this_month')).status_code == 200

    for bad, message in ((f'period=custom&start={today.year}-02-30&end={today.year}-03-01',
                          'Write the first day as a date, like 2026-01-31.'),
                         ('period=custom&start=2026-03-01&end=2026-02-01',
                          'The last day must be on or after the first day.'),
                         (f'period=custom&start=9999-01-01&end={today.year}-12-31',
                          'Choose a first day between 1900 and 2999.'),
                         ('period=custom', 'Choose the first day. Choose the last day.')):
        response = await user.http_client.get(f'/portal/statement.pdf?{bad}')
        assert (response.status_code, response.text) == (400, message), bad
    forever = await user.http_client.get('/portal/statement.pdf?period=forever')  # an unknown name: this year's
    assert forever.status_code == 200
    assert f'{today.year}-01-01-{today.year}-12-31.pdf' in forever.headers['content-disposition']
    response = await user.http_client.get(f'/staff/contacts/{theirs.contact_id}/statement.pdf')
    assert (response.status_code, response.text) == (404, 'Not found')


async def test_statements_are_404_without_the_right_session_and_for_a_contact_that_does_not_exist(
        user: User, create_user: Callable):
    await user.open('/staff/login')
    documents = await setup_documents()
    acme_id = documents['invoice'].contact_id
    stranger = create_user()
    for path in ('/portal/statement.pdf', '/portal/statement.pdf?period=this_year&inline=1',
                 f'/staff/contacts/{acme_id}/statement.pdf', f'/staff/contacts/{acme_id}/statement.pdf?inline=1'):
        response = await stranger.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.text) == (404, 'Not found'), path

    await sign_in(user, 'staff', 'owner@example.com')
    response = await user.http_client.get(f'/staff/contacts/{documents["theirs"].contact_id}/statement.pdf'
                                          '?period=this_year')
    assert response.status_code == 200
    assert 'Globex Ltd' in text_of(response.content) and documents['theirs'].number in text_of(response.content)
    for path in ('/staff/contacts/999999/statement.pdf', '/staff/contacts/999999/statement.pdf?period=nonsense',
                 '/staff/contacts/99999999999999999999/statement.pdf', '/portal/statement.pdf'):
        response = await user.http_client.get(path, follow_redirects=False)
        assert (response.status_code, response.text) == (404, 'Not found'), path
    response = await user.http_client.get(f'/staff/contacts/{acme_id}/statement.pdf?period=custom&start=x')
    assert (response.status_code, response.text) == (400, 'Write the first day as a date, like 2026-01-31. '
                                                          'Choose the last day.')
