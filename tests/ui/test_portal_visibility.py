"""One visibility rule: an invoice voided before it was ever sent is "not found" everywhere in the portal, exactly
like a missing id: its page, the lists, its PDF (download and print), the in-page PDF action, comments, forwarding
and Pay Now. The same invoice voided after it was sent stays visible everywhere, marked void."""
from __future__ import annotations

import pytest
from nicegui.testing import User

from domain import clock
from domain.comments import portal_comments, post_comment
from domain.documents_access import portal_document_for
from domain.errors import NotFound
from domain.forwarding import forward_document
from domain.models import InvoiceStatus, OutgoingMail
from domain.pay_options import chosen_invoices, pay_options
from domain.portal_documents import list_invoices, open_invoice
from tests import factories
from tests.ui.conftest import sign_in

NOT_FOUND = 'We could not find that page'


async def test_an_invoice_voided_before_it_was_sent_is_not_found_on_every_portal_path(user: User):
    await user.open('/portal/login')
    await factories.business()
    acme = await factories.contact('Acme Corporation')
    casey = await factories.person(acme, 'casey@acme.example')
    never_sent = await factories.invoice(acme, 4100, status=InvoiceStatus.VOID, reference='NEVER-SENT')
    sent_then_void = await factories.invoice(acme, 4200, status=InvoiceStatus.VOID, reference='SENT-THEN-VOID',
                                             sent_at=clock.now())
    await sign_in(user, 'portal', 'casey@acme.example')

    page = await user.http_client.get(f'/portal/invoices/{never_sent.id}')
    assert page.status_code == 404 and NOT_FOUND in page.text and 'NEVER-SENT' not in page.text
    for path in (f'/portal/documents/{never_sent.id}.pdf', f'/portal/documents/{never_sent.id}.pdf?inline=1'):
        pdf = await user.http_client.get(path)
        assert (pdf.status_code, pdf.text) == (404, 'Not found'), path
    for path in ('/portal/invoices', '/portal/invoices?status=all', '/portal', '/portal/statement'):
        listing = await user.http_client.get(path)
        assert listing.status_code == 200 and never_sent.number not in listing.text, path
    assert sent_then_void.number in (await user.http_client.get('/portal/invoices')).text

    actor = await factories.portal_actor(casey)
    assert [row.number for row in (await list_invoices(actor)).rows] == [sent_then_void.number]
    for action in (portal_document_for(actor, never_sent.id), open_invoice(actor, never_sent.id),
                   portal_comments(actor, never_sent.id), post_comment(actor, never_sent.id, 'hello?'),
                   forward_document(actor, never_sent.id, 'friend@acme.example'),
                   pay_options(actor, never_sent.id), chosen_invoices(actor, [never_sent.id])):
        with pytest.raises(NotFound):
            await action
    assert await OutgoingMail.all().count() == 0

    shown = await user.http_client.get(f'/portal/invoices/{sent_then_void.id}')
    assert shown.status_code == 200 and 'SENT-THEN-VOID' in shown.text
    assert (await user.http_client.get(f'/portal/documents/{sent_then_void.id}.pdf')).status_code == 200
