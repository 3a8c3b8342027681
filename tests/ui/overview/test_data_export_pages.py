"""A client person downloads their company's data from My Account: one zip with every document they can see as a
PDF and tables of invoices, estimates, credit notes, payments and comments; nothing of another company, no draft,
no internal note; and nothing at all without signing in."""
from __future__ import annotations

import csv
import io
import re
import zipfile

from nicegui.testing import User
from pypdf import PdfReader

from domain.models import DocumentKind, EstimateStatus, InvoiceStatus
from tests import factories
from tests.ui.conftest import sign_in


def table(archive: zipfile.ZipFile, name: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(archive.read(name).decode('utf-8-sig'))))


async def test_a_client_downloads_their_companys_data_as_one_zip(user: User):
    await user.open('/portal/login')
    await factories.business()
    staff = await factories.staff('owner@example.com')
    acme = await factories.contact('Acme & Co')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex')
    first = await factories.invoice(acme, 10_000)
    second = await factories.invoice(acme, 2_550)
    await factories.invoice(acme, 99_900, status=InvoiceStatus.DRAFT)
    quote = await factories.estimate(acme, 40_000, status=EstimateStatus.SENT)
    note = await factories.document_with_lines(acme, factories.lines(1_200), kind=DocumentKind.CREDIT_NOTE,
                                               status='open', sent_at=first.created_at)
    await factories.payment(acme, [(first, 10_000), (second, 1_000)], reference='=HYPERLINK("x")')
    await factories.comment(first, 'When is the rest due?', person=alex)
    await factories.comment(first, 'Internal: chase them', staff_user=staff)
    await factories.comment(first, 'End of the month', staff_user=staff, display_in_portal=True)
    other = await factories.contact('Globex')
    await factories.invoice(other, 77_700)

    await sign_in(user, 'portal', 'alex@acme.example')
    await user.open('/portal/account')
    await user.should_see("Your company's data", retries=30)
    (link,) = user.find(marker='data-export').elements
    answer = await user.http_client.get(link.props['href'])

    assert answer.status_code == 200
    assert answer.headers['content-disposition'] == 'attachment; filename="Acme_Co-data.zip"'
    archive = zipfile.ZipFile(io.BytesIO(answer.content))
    pdfs = sorted(name for name in archive.namelist() if name.startswith('documents/'))
    assert len(pdfs) == 4  # two sent invoices, the estimate and the credit note: not the draft, nothing of Globex
    for name in pdfs:
        text = re.sub(r'\s+', ' ', PdfReader(io.BytesIO(archive.read(name))).pages[0].extract_text())
        assert 'Acme & Co' in text
    assert [(row['number'], row['total'], row['paid'], row['balance_due']) for row in table(archive, 'invoices.csv')] \
        == [(first.number, '100.00', '100.00', '0.00'), (second.number, '25.50', '10.00', '15.50')]
    assert [(row['number'], row['total']) for row in table(archive, 'estimates.csv')] == [(quote.number, '400.00')]
    assert [(row['number'], row['total']) for row in table(archive, 'credit_notes.csv')] \
        == [(note.number, f'{note.total / 100:.2f}')]
    (payment,) = table(archive, 'payments.csv')
    assert payment['amount'] == '110.00'
    assert payment['applied_to'] == f'{first.number} 100.00; {second.number} 10.00'
    assert payment['reference'] == '\'=HYPERLINK("x")'  # a spreadsheet shows it, never runs it
    assert [row['comment'] for row in table(archive, 'comments.csv')] == ['When is the rest due?', 'End of the month']


async def test_without_signing_in_there_is_nothing_to_download(user: User):
    await factories.business()
    answer = await user.http_client.get('/portal/account/data.zip')
    assert answer.status_code == 404
