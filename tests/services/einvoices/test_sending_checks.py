"""Sending an invoice checks its e-invoice first: a failure sends nothing and says, in words, what to fix where; once
fixed it goes, with the XML the contact chose attached to the email."""
from __future__ import annotations

import dataclasses
from datetime import date

import pytest

import settings
from domain import clock
from domain.contacts import companies
from domain.documents import invoices
from domain.documents.credit_notes import CreditNoteDraft, create_credit_note, issue_credit_note
from domain.documents.drafts import LineDraft
from domain.einvoices import vat
from domain.einvoices.checking import EInvoiceRefused, problems_for
from domain.einvoices.transfer import creditor_reference, readable
from domain.errors import Invalid
from domain.models import Document, InvoiceStatus, OutgoingMail
from domain.payments.references import invoice_for_reference
from integrations.einvoice.checks import check
from integrations.mail_sender import MailSender
from integrations.pdf import render_attachment
from tests import factories
from tests.conftest import Mailbox
from tests.services.einvoices.conftest import german_business, german_client


async def reverse_charge_draft(**client):
    await german_business()
    buyer = await german_client(**client)
    await factories.person(buyer, 'einkauf@kunde.example')
    line = dataclasses.replace(factories.line('Beratung', '8', 15000), vat_category=vat.REVERSE_CHARGE)
    document = await factories.document_with_lines(buyer, [line], status=InvoiceStatus.DRAFT,
                                                   delivery_date=clock.today())
    return buyer, document


async def test_a_reverse_charge_invoice_for_a_contact_without_vat_id_is_not_sent_and_says_what_to_fix(db):
    buyer, document = await reverse_charge_draft(vat_id='')
    actor = await factories.staff_actor()
    with pytest.raises(EInvoiceRefused) as refused:
        await invoices.send_invoice(actor, document.id)
    assert refused.value.fields == {
        'contact.vat_id': 'This invoice has reverse-charge lines, so the contact needs a VAT ID.'}
    assert (await Document.get(id=document.id)).status == InvoiceStatus.DRAFT
    assert await OutgoingMail.all().count() == 0
    # the contact's form shows it under the VAT ID
    assert [(p.field, p.message) for p in await problems_for(actor, document.id, 'contact')] == [
        ('vat_id', 'This invoice has reverse-charge lines, so the contact needs a VAT ID.')]

    form = (await companies.get_contact(actor, buyer.id)).form()
    await companies.update_contact(actor, buyer.id, dataclasses.replace(form, vat_id='de 136 695 976'))
    assert await invoices.send_invoice(actor, document.id) == 1
    assert (await Document.get(id=document.id)).status == InvoiceStatus.SENT


async def test_an_invoice_without_delivery_date_or_period_is_not_sent(db):
    _buyer, document = await reverse_charge_draft()
    await Document.filter(id=document.id).update(delivery_date=None)
    with pytest.raises(EInvoiceRefused) as refused:
        await invoices.send_invoice(await factories.staff_actor(), document.id)
    assert list(refused.value.fields) == ['document.delivery_date']


async def test_a_contact_that_chose_xrechnung_gets_it_with_the_email_and_it_passes(db, smtp_server):
    _buyer, document = await reverse_charge_draft(einvoice_format='xrechnung', buyer_reference='04011000-1234512345-06')
    box = Mailbox()
    server = smtp_server(box)
    assert await invoices.send_invoice(await factories.staff_actor(), document.id) == 1
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=server.port, smtp_tls='none')
    assert await MailSender(config, timeout=10.0, render_attachment=render_attachment).run_once() == 1
    (message,) = box.received
    attached = {part.get_filename(): part.get_content() for part in message.iter_attachments()}
    assert set(attached) == {f'{document.number}.pdf', f'{document.number}-xrechnung.xml'}
    xml = attached[f'{document.number}-xrechnung.xml']
    xml = xml.encode() if isinstance(xml, str) else xml
    assert b'04011000-1234512345-06' in xml
    assert check(xml, 'xrechnung') == []
    # Sent mail names it as the client got it
    from domain.mail.attachments import mail_attachments
    sent = await OutgoingMail.get()
    names = [attachment.name for attachment in await mail_attachments(await factories.staff_actor('b@example.com'),
                                                                      sent.id)]
    assert names == [f'{document.number}.pdf', f'{document.number}-xrechnung.xml']


async def test_recording_a_transfer_finds_its_invoice_by_the_rf_reference(db):
    _buyer, document = await reverse_charge_draft()
    actor = await factories.staff_actor()
    typed = readable(creditor_reference(document.number)).lower()
    found = await invoice_for_reference(actor, typed)
    assert (found.invoice_id, found.contact_id) == (document.id, document.contact_id)
    assert found.reference == creditor_reference(document.number).upper()
    with pytest.raises(Invalid) as wrong:
        await invoice_for_reference(actor, 'RF00 INV0 0000 1')
    assert 'reference' in wrong.value.fields
    with pytest.raises(Invalid):
        await invoice_for_reference(actor, creditor_reference('INV-424242'))


async def test_a_credit_note_says_when_its_invoice_delivered_so_its_e_invoice_passes_and_it_is_issued(db):
    await german_business()
    client = await german_client()
    await factories.person(client, 'einkauf@kunde.example')
    staff = await factories.staff_actor()
    invoice = await factories.document_with_lines(client, [factories.line('Wartung', '3', 12550, '19')],
                                                  delivery_date=date(2026, 11, 20))
    against = await create_credit_note(staff, CreditNoteDraft(client.id, invoice.id, lines=[
        LineDraft('Wartung', '', '1', '125.50', '19')]))
    alone = await create_credit_note(staff, CreditNoteDraft(client.id, None, lines=[
        LineDraft('Kulanz', '', '1', '20.00', '19')]))
    first, second = await Document.get(id=against), await Document.get(id=alone)
    assert (first.delivery_date, second.delivery_date) == (date(2026, 11, 20), second.issue_date)
    assert await issue_credit_note(staff, against) == 1
    assert await issue_credit_note(staff, alone) == 1
    assert [d.status for d in await Document.filter(id__in=[against, alone]).order_by('id')] == ['open', 'open']
