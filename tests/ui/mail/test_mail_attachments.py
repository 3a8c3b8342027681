"""Sent mail names an email's attachment as the recipient got it, and staff can open it (and only staff)."""
from __future__ import annotations

import io
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User
from pypdf import PdfReader

from domain.mail import compose as mail
from domain.models import Document, InvoiceStatus
from integrations.pdf import render_attachment
from tests import factories
from tests.ui.conftest import sign_in


async def sent_invoice_mail():
    await factories.business(name='Northwind Studio')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 12345)
    row = await mail.queue('invoice_sent', 'casey@acme.example', f'Invoice {invoice.number}', greeting='Hello,',
                           paragraphs=['Here it is.'], contact_id=acme.id, attachments=[{'document_id': invoice.id}])
    return invoice, row


async def test_the_attachment_is_named_like_the_file_the_recipient_got_and_opens_as_that_pdf(user: User):
    await user.open('/staff/login')
    invoice, row = await sent_invoice_mail()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/mail/{row.id}')
    await user.should_see(f'{invoice.number}.pdf', retries=30)
    await user.should_not_see('PDF of document')
    (link,) = [element for element in user.find(kind=ui.link).elements if element.props.get('href', '')
               .startswith(f'/staff/mail/{row.id}/attachments/')]
    path = link.props['href']
    assert path == f'/staff/mail/{row.id}/attachments/0/{invoice.number}.pdf'

    response = await user.http_client.get(path)
    assert response.status_code == 200
    assert response.headers['content-disposition'] == f'inline; filename="{invoice.number}.pdf"'
    sent_name, _ = await render_attachment({'document_id': invoice.id})  # what the mail sender attaches
    assert sent_name == f'{invoice.number}.pdf'
    text = ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(response.content)).pages)
    assert invoice.number in text and '123.45' in text


async def test_only_signed_in_staff_open_attachments_and_wrong_addresses_are_404(user: User, create_user: Callable):
    await user.open('/staff/login')
    invoice, row = await sent_invoice_mail()
    path = f'/staff/mail/{row.id}/attachments/0/{invoice.number}.pdf'
    await sign_in(user, 'staff', 'owner@example.com')
    assert (await user.http_client.get(path)).status_code == 200
    for wrong in (f'/staff/mail/{row.id}/attachments/1/x.pdf', f'/staff/mail/{row.id + 1}/attachments/0/x.pdf'):
        assert (await user.http_client.get(wrong)).status_code == 404, wrong

    stranger = create_user()
    response = await stranger.http_client.get(path, follow_redirects=False)
    assert (response.status_code, response.text) == (404, 'Not found')
    client = create_user()
    await sign_in(client, 'portal', 'casey@acme.example')
    assert (await client.http_client.get(path, follow_redirects=False)).status_code == 404


async def test_an_attachment_whose_document_was_deleted_says_so_and_offers_nothing_to_open(user: User):
    await user.open('/staff/login')
    invoice, row = await sent_invoice_mail()
    await Document.filter(id=invoice.id).update(status=InvoiceStatus.DRAFT)
    await Document.filter(id=invoice.id).delete()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/mail/{row.id}')
    await user.should_see('A PDF of a document deleted since', retries=30)
    assert (await user.http_client.get(f'/staff/mail/{row.id}/attachments/0/x.pdf')).status_code == 404
