"""Download PDF and Print from the pages: an estimate's and an invoice's More menu and the statement in the portal,
the document page and the contact's statement for staff.

The simulated browser keeps what a download hands it (the bytes; the file name is checked in Chromium, in
tests/e2e/documents/test_pdf_menus_browser.py). Print is a link that opens in a new tab: here we check where it leads and
fetch that, as the new tab would.
"""
from __future__ import annotations

import io
import re
from datetime import date

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction
from pypdf import PdfReader

from components.portal.page import MoreMenu
from domain import clock
from domain.documents import staff as staff_documents
from domain.formats import money
from domain.models import EstimateStatus, InvoiceStatus
from tests import factories
from tests.ui.conftest import choose, click, sign_in


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF-')
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


def menu_entries(user: User) -> list[str]:
    """The entries of the More menu, in order."""
    (more,) = user.find(kind=MoreMenu).elements
    return [item['t'] for item in more.props['items']]


def menu_link(user: User, text: str) -> str:
    """The address of the More menu's entry `text`, a link to a new tab (more_menu.js makes an entry with an
    address one; tests/e2e/documents/test_pdf_menus_browser.py follows it)."""
    (item,) = [item for item in user.find(kind=MoreMenu).elements.pop().props['items'] if item['t'] == text]
    assert item['a'] == f'{text} (opens in a new tab)'
    return item['h']


def link_of(user: User, kind: type[ui.element], text: str) -> ui.element:
    """The button labelled `text`: it must be a link that opens a new tab."""
    (element,) = user.find(kind=kind, content=text).elements
    assert element.props.get('target') == '_blank'
    return element


async def downloaded(user: User) -> str:
    """The text of the PDF the page hands to the browser next."""
    response = await user.download.next(timeout=15)
    return text_of(response.content)


async def opened_in_new_tab(user: User, url: str, filename: str) -> str:
    response = await user.http_client.get(url)
    assert response.status_code == 200
    assert response.headers['content-disposition'] == f'inline; filename="{filename}"'
    return text_of(response.content)


async def acme():
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation')
    await factories.person(contact, 'casey@acme.example')
    return contact


async def test_every_estimate_offers_download_and_print_under_more(user: User):
    await user.open('/portal')
    contact = await acme()
    open_estimate = await factories.estimate(contact, 125000)
    accepted = await factories.estimate(contact, 9900, status=EstimateStatus.ACCEPTED)
    await sign_in(user, 'portal', 'casey@acme.example')

    await user.open(f'/portal/estimates/{open_estimate.id}')
    click(user, 'More')
    assert menu_entries(user) == ['Download PDF', 'Print', 'Decline', 'Forward']
    choose(user, 'Download PDF')
    text = await downloaded(user)
    assert open_estimate.number in text and 'ESTIMATE' in text and money(125000) in text
    print_url = menu_link(user, 'Print')
    assert print_url == f'/portal/documents/{open_estimate.id}.pdf?inline=1'
    assert open_estimate.number in await opened_in_new_tab(user, print_url, f'{open_estimate.number}.pdf')

    await user.open(f'/portal/estimates/{accepted.id}')
    await user.should_see('You accepted this estimate', retries=30)
    assert menu_entries(user) == ['Download PDF', 'Print', 'Forward']
    click(user, 'More')
    choose(user, 'Download PDF')
    text = await downloaded(user)
    assert accepted.number in text and 'ACCEPTED' in text


async def test_a_paid_invoice_is_downloaded_and_printed_from_more(user: User):
    await user.open('/portal')
    contact = await acme()
    invoice = await factories.invoice(contact, 40000)
    await factories.payment(contact, [(invoice, 40000)], reference='WIRE-9')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('Paid in full')
    click(user, 'More')
    assert menu_entries(user) == ['Download PDF', 'Print', 'Forward']
    choose(user, 'Download PDF')
    text = await downloaded(user)
    assert invoice.number in text and 'PAID' in text and 'WIRE-9' in text and f'Balance due {money(0)}' in text
    print_url = menu_link(user, 'Print')
    assert print_url == f'/portal/documents/{invoice.id}.pdf?inline=1'
    await opened_in_new_tab(user, print_url, f'{invoice.number}.pdf')


async def test_the_statement_is_downloaded_and_printed_for_the_period_on_screen(user: User):
    await user.open('/portal')
    contact = await acme()
    year = clock.today().year
    last_year = await factories.invoice(contact, 30000, issued=date(year - 1, 6, 1))
    this_year = await factories.invoice(contact, 45000, issued=date(year, 1, 2))
    await factories.payment(contact, [(last_year, 30000)], paid_on=date(year, 1, 3), reference='JAN')
    await sign_in(user, 'portal', 'casey@acme.example')

    await user.open(f'/portal/statement?period=custom&start={year - 1}-01-01&end={year - 1}-12-31')
    await user.should_see(f'01 Jan {year - 1} to 31 Dec {year - 1}')
    click(user, 'Download PDF')
    text = await downloaded(user)
    assert f'01 Jan {year - 1} to 31 Dec {year - 1}' in text
    assert f'Invoice {last_year.number}' in text and this_year.number not in text
    assert f'Balance due {money(30000)}' in text
    print_url = link_of(user, ui.button, 'Print').props['href']
    assert print_url == f'/portal/statement.pdf?period=custom&start={year - 1}-01-01&end={year - 1}-12-31&inline=1'
    printed = await opened_in_new_tab(user, print_url,
                                      f'Statement-Acme-Corporation-{year - 1}-01-01-{year - 1}-12-31.pdf')
    assert f'Invoice {last_year.number}' in printed

    await user.open('/portal/statement?period=this_year')
    click(user, 'Download PDF')
    text = await downloaded(user)
    assert f'Invoice {this_year.number}' in text and f'JAN · for {last_year.number}' in text
    assert link_of(user, ui.button, 'Print').props['href'] == \
        f'/portal/statement.pdf?period=custom&start={year}-01-01&end={year}-12-31&inline=1'


async def staff_signed_in(user: User):
    await user.open('/staff/login')
    contact = await acme()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    return contact


async def test_staff_download_and_print_a_document_like_the_client_does(user: User):
    contact = await staff_signed_in(user)
    invoice = await factories.invoice(contact, 12000, 3050)
    await user.open(f'/staff/invoices/{invoice.id}')
    click(user, 'Download PDF')
    text = await downloaded(user)
    assert invoice.number in text and f'Balance due {money(15050)}' in text
    print_url = link_of(user, ui.button, 'Print').props['href']
    assert print_url == f'/staff/documents/{invoice.id}.pdf?inline=1'
    await opened_in_new_tab(user, print_url, f'{invoice.number}.pdf')


def pick(user: User, field: str, option: str) -> None:
    user.find(kind=ui.select, content=field).click()
    UserInteraction(user, user.find(kind=ui.select, content=field).elements, option).click()


async def test_staff_download_and_print_a_contacts_statement_for_a_chosen_period(user: User):
    contact = await staff_signed_in(user)
    year = clock.today().year
    old = await factories.invoice(contact, 30000, issued=date(year - 1, 6, 1))
    new = await factories.invoice(contact, 45000, issued=date(year, 1, 2))
    globex = await factories.contact('Globex Ltd')
    theirs = await factories.invoice(globex, 777, issued=date(year, 1, 2))
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Statement of accounts')
    assert link_of(user, ui.button, 'Print').props['href'] == \
        f'/staff/contacts/{contact.id}/statement.pdf?period=this_year&inline=1'
    click(user, 'Download PDF')
    text = await downloaded(user)
    assert 'Acme Corporation' in text and f'Invoice {new.number}' in text and theirs.number not in text
    assert f'Opening balance {money(30000)}' in text

    pick(user, 'Period', 'Custom dates')
    user.find('First day').type(f'{year - 1}-12-31')
    user.find('Last day').type(f'{year - 1}-01-01')
    await user.should_see('The last day must be on or after the first day.')
    assert not link_of(user, ui.button, 'Print').enabled
    user.find('Last day').clear().type(f'{year - 1}-12-31')
    user.find('First day').clear().type(f'{year - 1}-01-01')
    await user.should_not_see('The last day must be on or after the first day.')
    print_button = link_of(user, ui.button, 'Print')
    assert print_button.enabled
    assert print_button.props['href'] == (f'/staff/contacts/{contact.id}/statement.pdf?period=custom'
                                          f'&start={year - 1}-01-01&end={year - 1}-12-31&inline=1')
    printed = await opened_in_new_tab(user, print_button.props['href'],
                                      f'Statement-Acme-Corporation-{year - 1}-01-01-{year - 1}-12-31.pdf')
    assert f'Invoice {old.number}' in printed and new.number not in printed

    user.find('First day').clear()
    click(user, 'Download PDF')
    await user.should_see('Choose the first day.')


async def test_a_pdf_of_a_draft_deleted_meanwhile_is_not_built_and_the_page_says_so(user: User):
    contact = await staff_signed_in(user)
    draft = await factories.invoice(contact, 5000, status=InvoiceStatus.DRAFT)
    await user.open(f'/staff/invoices/{draft.id}')
    await staff_documents.delete_draft(await factories.staff_actor('other@example.com'), draft.id)
    downloads = len(user.download.http_responses)
    click(user, 'Download PDF')
    await user.should_see('This PDF is no longer available. Please reload the page.')
    assert len(user.download.http_responses) == downloads
