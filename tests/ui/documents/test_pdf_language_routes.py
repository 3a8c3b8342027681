"""Staff download a contact's statement or document PDF over HTTP: it reads in the contact's primary person's
language, whatever the staff user reads, unless `?lang=` chooses another; a portal person's PDF is in their own."""
from __future__ import annotations

import io
import re

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from pypdf import PdfReader

from tests import factories
from tests.ui.conftest import click, sign_in


def text_of(pdf: bytes) -> str:
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


async def setup_german_client():
    await factories.business(name='Nordwind Studio')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme GmbH', currency='EUR')
    await factories.person(acme, 'kai@acme.example', first_name='Kai', language='de')
    await factories.person(acme, 'ana@acme.example', first_name='Ana', language='es', is_primary=False)
    return acme, await factories.invoice(acme, 123456)


async def test_staff_download_a_statement_in_the_primary_persons_language_or_the_one_they_choose(user: User):
    await user.open('/staff/login')
    acme, _invoice = await setup_german_client()
    await sign_in(user, 'staff', 'owner@example.com')

    german = await user.http_client.get(f'/staff/contacts/{acme.id}/statement.pdf?period=this_year')
    assert german.status_code == 200
    assert german.headers['content-disposition'].startswith('attachment; filename="Kontoauszug-Acme-GmbH-')
    text = text_of(german.content)
    assert 'KONTOAUSZUG' in text and 'Offener Betrag 1.234,56 €' in text

    english = await user.http_client.get(f'/staff/contacts/{acme.id}/statement.pdf?period=this_year&lang=en')
    assert english.headers['content-disposition'].startswith('attachment; filename="Statement-Acme-GmbH-')
    assert 'STATEMENT OF ACCOUNTS' in text_of(english.content) and '€1,234.56' in text_of(english.content)

    unknown = await user.http_client.get(f'/staff/contacts/{acme.id}/statement.pdf?period=this_year&lang=xx')
    assert 'KONTOAUSZUG' in text_of(unknown.content)


async def test_staff_download_an_invoice_in_the_primary_persons_language_or_spanish_when_chosen(user: User):
    await user.open('/staff/login')
    _acme, invoice = await setup_german_client()
    await sign_in(user, 'staff', 'owner@example.com')

    german = text_of((await user.http_client.get(f'/staff/documents/{invoice.id}.pdf')).content)
    assert 'RECHNUNG' in german and 'Offener Betrag 1.234,56 €' in german

    spanish = text_of((await user.http_client.get(f'/staff/documents/{invoice.id}.pdf?lang=es&inline=1')).content)
    assert 'FACTURA' in spanish and 'Saldo pendiente 1.234,56 €' in spanish


async def test_a_german_client_downloads_their_invoice_in_german(user: User):
    await user.open('/portal/login')
    _acme, invoice = await setup_german_client()
    await sign_in(user, 'portal', 'kai@acme.example')

    text = text_of((await user.http_client.get(f'/portal/documents/{invoice.id}.pdf')).content)
    assert 'RECHNUNG' in text and 'Offener Betrag 1.234,56 €' in text


async def test_on_the_contact_page_staff_download_the_statement_in_the_clients_language_or_choose_english(
        user: User):
    await user.open('/staff/login')
    acme, invoice = await setup_german_client()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('PDF language')

    click(user, 'Download PDF')
    german = text_of((await user.download.next(timeout=15)).content)
    assert 'KONTOAUSZUG' in german and f'Rechnung {invoice.number}' in german

    user.find(kind=ui.select, content='PDF language').click()
    UserInteraction(user, user.find(kind=ui.select, content='PDF language').elements, 'English').click()
    (print_button,) = user.find(kind=ui.button, content='Print').elements
    assert print_button.props['href'] == f'/staff/contacts/{acme.id}/statement.pdf?period=this_year&lang=en&inline=1'
    click(user, 'Download PDF')
    english = text_of((await user.download.next(timeout=15)).content)
    assert 'STATEMENT OF ACCOUNTS' in english and f'Invoice {invoice.number}' in english


async def test_on_the_invoice_page_staff_choose_another_language_for_the_pdf(user: User):
    await user.open('/staff/login')
    _acme, invoice = await setup_german_client()
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see(marker='pdf-language', retries=30)
    user.find(marker='pdf-language-fr').click()
    french = text_of((await user.download.next(timeout=15)).content)
    assert 'FACTURE' in french and 'Solde dû 1 234,56 €' in french
