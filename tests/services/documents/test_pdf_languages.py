"""A document or statement PDF reads in the language of the person it is for: the portal person who downloads it,
the person an email carries it to, or for staff the contact's primary person unless they choose another."""
from __future__ import annotations

import dataclasses
import io
import re
from datetime import date

from pypdf import PdfReader

import settings
from domain import clock, formats
from domain.documents import invoices
from domain.documents.access import pdf_language
from domain.documents.forwarding import forward_document
from domain.documents.views import load_document
from domain.models import Activity, ActivityKind, ContactPerson, InvoiceStatus, OutgoingMail
from domain.statements.statement import build_statement
from integrations.mail_sender import MailSender
from integrations.pdf import document_pdf, render_attachment
from integrations.pdf.statement import statement_filename, statement_pdf
from tests import factories
from tests.conftest import Mailbox


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF-')
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def spaced(text: str) -> str:
    return re.sub(r'\s+', ' ', text)


async def german_client():
    await factories.business(name='Nordwind Studio', timezone='Europe/Berlin')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    await factories.person(acme, 'kai@acme.example', first_name='Kai', language='de')
    return acme


async def test_a_german_persons_invoice_pdf_reads_rechnung_with_german_amounts_and_dates(db):
    acme = await german_client()
    invoice = await factories.invoice(acme, 123456, issued=date(2026, 3, 5))
    view = await load_document(invoice.id, clock.today())

    with formats.reading('de', 'Europe/Berlin'):  # the reader of a German person's request
        text = text_of(await document_pdf(view))

    assert 'RECHNUNG' in text and f'# {invoice.number}' in text
    assert 'Offener Betrag 1.234,56 €' in text
    assert 'Rechnungsdatum 05.03.2026' in text and 'Fälligkeitsdatum 04.04.2026' in text
    assert 'ARTIKEL & BESCHREIBUNG MENGE PREIS STEUER BETRAG' in text and 'Zwischensumme 1.234,56 €' in text
    assert 'Seite 1 von 1' in text
    assert 'Invoice' not in text and 'Balance due' not in text


async def test_the_same_invoice_reads_in_english_for_an_english_reader_and_french_when_asked(db):
    acme = await german_client()
    invoice = await factories.invoice(acme, 123456, issued=date(2026, 3, 5))
    view = await load_document(invoice.id, clock.today())

    english = text_of(await document_pdf(view))
    french = text_of(await document_pdf(view, language='fr'))

    assert 'INVOICE' in english and 'Balance due €1,234.56' in english and 'Invoice date 05 Mar 2026' in english
    assert 'FACTURE' in french and spaced('Solde dû 1\u202f234,56\u00a0€') in spaced(french)


async def test_an_invoice_emailed_to_a_german_person_carries_a_german_pdf(db, smtp_server):
    acme = await german_client()
    invoice = await factories.invoice(acme, 123456, status=InvoiceStatus.DRAFT)
    box = Mailbox()
    server = smtp_server(box)
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=server.port, smtp_tls='none',
                                 mail_from='portal@nordwind.example')

    await invoices.send_invoice(await factories.staff_actor(), invoice.id)
    await MailSender(config, timeout=10.0, render_attachment=render_attachment).run_once()

    (message,) = box.received
    assert message['Subject'].startswith(f'Rechnung {invoice.number}')
    (attachment,) = list(message.iter_attachments())
    assert attachment.get_filename() == f'{invoice.number}.pdf'
    text = text_of(attachment.get_content())
    assert 'RECHNUNG' in text and 'Offener Betrag 1.234,56 €' in text


async def test_staff_take_a_contacts_pdf_in_the_primary_persons_language_unless_they_choose_another(db):
    acme = await german_client()
    await factories.person(acme, 'ana@acme.example', first_name='Ana', language='es', is_primary=False)
    globex = await factories.contact('Globex Ltd')

    assert await pdf_language(acme.id) == 'de'
    assert await pdf_language(acme.id, 'fr') == 'fr'
    assert await pdf_language(acme.id, 'xx') == 'de'
    assert await pdf_language(globex.id) == 'en'


async def test_a_statement_in_german_has_german_headings_ageing_and_file_name(db):
    acme = await german_client()
    await factories.invoice(acme, 123456, issued=date(2026, 3, 5))
    statement = await build_statement(acme.id, date(2026, 3, 1), date(2026, 3, 31), date(2026, 3, 31))

    with formats.reading('de'):
        text = text_of(await statement_pdf(statement))
        name = statement_filename(statement)

    assert 'KONTOAUSZUG' in text and '01.03.2026 bis 31.03.2026' in text
    assert 'Anfangssaldo 0,00 €' in text and 'Offener Betrag 1.234,56 €' in text
    dash = '\u2013'
    assert f'AKTUELL 1{dash}30 TAGE 31{dash}60 TAGE 61{dash}90 TAGE ÜBER 90 TAGE' in text.upper()
    assert name == 'Kontoauszug-Acme-GmbH-2026-03-01-2026-03-31.pdf'


async def test_a_german_client_forwards_an_invoice_the_colleague_reads_german_and_staff_read_the_owners_language(db):
    acme = await german_client()
    await factories.staff('owner@example.com', language='fr')
    kai = await factories.portal_actor(await ContactPerson.get(email='kai@acme.example'))
    invoice = await factories.invoice(acme, 123456)

    await forward_document(kai, invoice.id, 'buchhaltung@acme.example')

    (email,) = await OutgoingMail.all()
    assert email.subject == f'Rechnung {invoice.number} · Nordwind Studio'
    assert (f'Kai Client von Acme GmbH hat Ihnen die Rechnung {invoice.number} von Nordwind Studio über '
            '1.234,56\u00a0€ weitergeleitet.') in email.text_body
    assert email.attachments == [{'document_id': invoice.id, 'language': 'de'}]
    assert (await ContactPerson.get(email='buchhaltung@acme.example')).language == 'de'
    forwarded = await Activity.get(kind=ActivityKind.FORWARDED)
    assert forwarded.detail == 'Transféré à buchhaltung@acme.example'
