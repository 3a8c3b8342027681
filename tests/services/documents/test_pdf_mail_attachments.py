"""A sent invoice or estimate reaches the client's mailbox with its PDF attached: through the real outbox, the real
sender and a real SMTP server (aiosmtpd on loopback), with the real PDF renderer."""
from __future__ import annotations

import dataclasses
import io
import re

from pypdf import PdfReader

import settings
from domain.documents import estimates, invoices
from domain.formats import money
from domain.models import EstimateStatus, InvoiceStatus
from integrations.mail_sender import MailSender
from integrations.pdf import render_attachment
from tests import factories
from tests.conftest import Mailbox


def sender_for(port: int) -> MailSender:
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=port, smtp_tls='none',
                                 mail_from='portal@northwind.example')
    return MailSender(config, timeout=10.0, render_attachment=render_attachment)


def attached_pdf(message) -> tuple[str, str]:
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_content_type() == 'application/pdf'
    pdf = attachment.get_content()
    assert pdf.startswith(b'%PDF-')
    text = ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    return attachment.get_filename(), re.sub(r'\s+', ' ', text)


async def test_a_sent_invoice_arrives_with_its_pdf_named_by_its_number(db, smtp_server):
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 12000, 3050, status=InvoiceStatus.DRAFT)
    box = Mailbox()
    server = smtp_server(box)

    assert await invoices.send_invoice(await factories.staff_actor(), invoice.id) == 1
    assert await sender_for(server.port).run_once() == 1

    (message,) = box.received
    assert message['To'].endswith('<casey@acme.example>')
    name, text = attached_pdf(message)
    assert name == f'{invoice.number}.pdf'
    for expected in (invoice.number, 'Northwind Studio', 'Acme Corporation', f'Balance due {money(15050)}'):
        assert expected in text


async def test_a_sent_estimate_arrives_with_its_pdf(db, smtp_server):
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    estimate = await factories.estimate(acme, 50000, status=EstimateStatus.DRAFT)
    box = Mailbox()
    server = smtp_server(box)

    await estimates.send_estimate(await factories.staff_actor(), estimate.id)
    assert await sender_for(server.port).run_once() == 1

    name, text = attached_pdf(box.received[0])
    assert name == f'{estimate.number}.pdf'
    assert estimate.number in text and 'ESTIMATE' in text and money(50000) in text
