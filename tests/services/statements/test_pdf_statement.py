"""What a client reads in a statement PDF, checked line by line against the statement the portal shows."""
from __future__ import annotations

import io
import re
from datetime import date, timedelta

from pypdf import PdfReader

from domain.formats import day, money
from domain.models import Document, DocumentKind, InvoiceStatus, Payment, PaymentAllocation, PaymentMode
from domain.statements.access import portal_statement_for
from domain.statements.rules import StatementLine
from domain.statements.statement import Statement, all_statement_lines, build_statement
from domain.statements.text import transaction_text
from integrations.pdf.statement import statement_filename, statement_pdf
from tests import factories

START, END = date(2026, 3, 1), date(2026, 3, 31)
AGEING_HEADER = 'CURRENT 1-30 DAYS 31-60 DAYS 61-90 DAYS OVER 90 DAYS TOTAL DUE'


def pages_of(pdf: bytes) -> list[str]:
    assert pdf.startswith(b'%PDF-')
    return [page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages]


def flat(text: str) -> str:
    return re.sub(r'\s+', ' ', text)


def printed_line(line: StatementLine, currency: str = 'USD') -> str:
    """A line as the PDF prints it: date, what it was, its details, the amount or payment, the balance."""
    entry = line.entry
    title, details = transaction_text(entry)
    figure = money(entry.amount if entry.kind == 'invoice' else entry.paid, currency)
    return ' '.join(part for part in (day(entry.day), title, details, figure, money(line.balance, currency)) if part)


def assert_in_order(text: str, expected: list[str]) -> None:
    position = 0
    for piece in expected:
        found = text.find(piece, position)
        assert found >= 0, f'{piece!r} is missing after position {position}'
        position = found + len(piece)


async def acme_history():
    """Acme's account: an invoice before March, invoices, a retainer and payments in March, a payment in April."""
    await factories.business(name='Northwind Studio', address='12 Harbour Street\nPortland, OR 97201',
                             email='billing@northwind.example', phone='+1 555 0100')
    acme = await factories.contact('Acme Corporation', billing_address='107 Market Street\nSpringfield, IL 62701')
    old = await factories.invoice(acme, 10000, issued=date(2026, 1, 10), due_in_days=30)
    await factories.payment(acme, [(old, 4000)], paid_on=date(2026, 2, 1), reference='FEB')
    march = await factories.invoice(acme, 20000, 5050, issued=date(2026, 3, 5), due_in_days=10)
    retainer = await factories.invoice(acme, 5000, issued=date(2026, 3, 5), kind=DocumentKind.RETAINER)
    await factories.payment(acme, [(march, 5000), (old, 1000)], paid_on=date(2026, 3, 5), reference='SAME-DAY')
    await factories.payment(acme, [(retainer, 5000)], paid_on=date(2026, 3, 20), mode=PaymentMode.CHEQUE,
                            reference='CHQ-118')
    await factories.invoice(acme, 99999, issued=date(2026, 3, 6), status=InvoiceStatus.DRAFT)
    await factories.invoice(acme, 88888, issued=date(2026, 3, 7), status=InvoiceStatus.VOID)
    await factories.payment(acme, [(march, 15000)], paid_on=date(2026, 4, 2), reference='APRIL')
    globex = await factories.contact('Globex Ltd')
    await factories.invoice(globex, 77777, issued=date(2026, 3, 8))
    return acme


async def lines_of(statement: Statement) -> list[StatementLine]:
    return [line async for line in all_statement_lines(statement)]


async def test_the_pdf_has_the_statements_opening_balance_lines_running_balances_closing_balance_and_ageing(db):
    acme = await acme_history()
    statement = await build_statement(acme.id, START, END, today=date(2026, 6, 1))
    lines = await lines_of(statement)
    assert len(lines) == statement.line_count == 4  # the draft, the void invoice and April's payment are not in it
    pages = pages_of(await statement_pdf(statement))
    text = flat(' '.join(pages))

    for expected in ('Northwind Studio', '12 Harbour Street', 'Portland, OR 97201', 'billing@northwind.example',
                     '+1 555 0100', 'STATEMENT OF ACCOUNTS', '01 Mar 2026 to 31 Mar 2026', 'TO',
                     'Acme Corporation', '107 Market Street', 'Springfield, IL 62701', 'Page 1 of 1'):
        assert expected in text
    assert 'Globex' not in text and money(77777) not in text and money(99999) not in text
    assert_in_order(text, [
        f'Balance due {money(statement.closing_balance)}',  # at the top, next to the title
        f'Opening balance {money(statement.opening_balance)}',
        f'Invoiced amount {money(statement.invoiced)}',
        f'Amount received {money(statement.received)}',
        f'Balance due {money(statement.closing_balance)}',
        'DATE TRANSACTION AMOUNT PAYMENTS BALANCE',
        f'01 Mar 2026 Opening balance {money(statement.opening_balance)}',
        *(printed_line(line) for line in lines),
        f'31 Mar 2026 Balance due {money(statement.closing_balance)}',
        f'As of {day(statement.ageing.as_of)}',
        f'{AGEING_HEADER} {" ".join(money(amount) for amount in statement.ageing.amounts)} '
        f'{money(statement.ageing.total)}',
    ])
    # the figures themselves, worked out by hand from the history above
    assert statement.opening_balance == 10000 - 4000
    assert [line.balance for line in lines] == [31050, 36050, 30050, 25050]
    assert statement.ageing.amounts == (0, 20050, 5000, 0, 0)  # March's invoice counts what April paid
    assert 'Payment received Bank transfer · SAME-DAY · for ' in text
    assert 'Payment received Cheque · CHQ-118 · for ' in text
    assert statement.ageing.total == statement.closing_balance


async def test_the_portal_path_gives_the_same_statement_for_the_chosen_period(db):
    acme = await acme_history()
    person = await factories.person(acme, 'casey@acme.example')
    actor = await factories.portal_actor(person)
    mine = await portal_statement_for(actor, 'custom', START.isoformat(), END.isoformat())
    reference = await build_statement(acme.id, START, END)
    assert (mine.opening_balance, mine.invoiced, mine.received, mine.closing_balance, mine.ageing) == \
        (reference.opening_balance, reference.invoiced, reference.received, reference.closing_balance,
         reference.ageing)
    shown = [(line.entry.kind, line.entry.id, line.balance) for line in await lines_of(mine)]
    assert shown == [(line.entry.kind, line.entry.id, line.balance) for line in await lines_of(reference)]
    text = flat(' '.join(pages_of(await statement_pdf(mine))))
    assert_in_order(text, [printed_line(line) for line in await lines_of(reference)])


async def test_a_2000_line_statement_repeats_the_header_and_numbers_every_page_with_every_line_in_order(db):
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    await seed_lines(acme, invoices=1400, payments=600, start=date(2026, 1, 1))
    statement = await build_statement(acme.id, date(2026, 1, 1), date(2026, 12, 31), today=date(2027, 1, 15))
    assert statement.line_count == 2000
    lines = await lines_of(statement)
    pages = pages_of(await statement_pdf(statement))
    assert len(pages) > 20
    for number, page in enumerate(pages, start=1):
        assert 'DATE TRANSACTION AMOUNT PAYMENTS BALANCE' in flat(page), f'page {number} lacks the table header'
        assert f'Page {number} of {len(pages)}' in page
        if number > 1:
            assert 'Northwind Studio · Statement of accounts · Acme Corporation' in page  # the running head
    text = flat(' '.join(pages))
    assert_in_order(text, [f'Opening balance {money(statement.opening_balance)}',
                           *(printed_line(line) for line in lines),
                           f'31 Dec 2026 Balance due {money(statement.closing_balance)}', AGEING_HEADER])
    assert lines[-1].balance == statement.closing_balance


async def seed_lines(contact, *, invoices: int, payments: int, start: date) -> None:
    """Many invoices and payments at once (bulk inserts): each payment pays the invoice issued alongside it."""
    documents = [Document(kind=DocumentKind.INVOICE, number=f'INV-{n + 1:06d}', contact=contact,
                          issue_date=start + timedelta(days=n % 360), due_date=start + timedelta(days=n % 360 + 30),
                          subtotal=10000 + n, total=10000 + n, amount_paid=10000 + n if n < payments else 0,
                          status=InvoiceStatus.PAID if n < payments else InvoiceStatus.SENT)
                 for n in range(invoices)]
    await Document.bulk_create(documents, batch_size=500)
    ids = await Document.filter(contact=contact).order_by('id').values_list('id', 'total', 'issue_date')
    await Payment.bulk_create([Payment(contact=contact, date=issued + timedelta(days=3), amount=total,
                                       mode=PaymentMode.BANK_TRANSFER, reference=f'PAY-{n + 1}')
                               for n, (_, total, issued) in enumerate(ids[:payments])], batch_size=500)
    payment_ids = await Payment.filter(contact=contact).order_by('id').values_list('id', flat=True)
    await PaymentAllocation.bulk_create([PaymentAllocation(payment_id=payment_id, document_id=document_id, amount=total)
                                         for payment_id, (document_id, total, _) in zip(payment_ids, ids, strict=False)],
                                        batch_size=500)
    await factories.rebuild_balances(contact)


async def test_the_file_is_named_after_the_contact_and_the_period(db):
    acme = await factories.contact('Acme Corporation')
    statement = await build_statement(acme.id, date(2026, 1, 1), date(2026, 12, 31))
    assert statement_filename(statement) == 'Statement-Acme-Corporation-2026-01-01-2026-12-31.pdf'
    for name, expected in (('Łódź & Søn GmbH', 'Statement-Lodz-Son-GmbH-2026-01-01-2026-12-31.pdf'),
                           ('Café "Zoë" / Ltd.', 'Statement-Cafe-Zoe-Ltd-2026-01-01-2026-12-31.pdf'),
                           ('Ромашка Трейд', 'Statement-2026-01-01-2026-12-31.pdf')):
        other = await factories.contact(name)
        named = await build_statement(other.id, date(2026, 1, 1), date(2026, 12, 31))
        assert statement_filename(named) == expected


async def test_names_beyond_western_alphabets_print_as_typed(db):
    await factories.business(name='Łódź Studio')
    contact = await factories.contact('Ромашка Трейд', billing_address='ul. Żółta 5\n90-001 Łódź')
    invoice = await factories.invoice(contact, 1000, issued=date(2026, 3, 2))
    await factories.payment(contact, [(invoice, 500)], paid_on=date(2026, 3, 3), reference='Ελληνικά-7')
    text = flat(' '.join(pages_of(await statement_pdf(await build_statement(contact.id, START, END)))))
    for expected in ('Łódź Studio', 'Ромашка Трейд', 'ul. Żółta 5', 'Ελληνικά-7', invoice.number):
        assert expected in text
