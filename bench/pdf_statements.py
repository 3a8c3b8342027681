"""Statement PDFs for bench/pdf.py: statements of 2,000, 4,000 and 8,000 lines through the real statement path.

A temporary SQLite database gets one client per size, each with invoices and the payments for some of them spread
over 2026 (five invoices for every three payments; each payment pays one invoice). The figures:
- read: `build_statement` and `all_statement_lines`, chunk by chunk, as the PDF route does;
- render: `render_statement_pdf` in this process, fastest of three (the CPU work alone);
- whole: `statement_pdf` from a built statement, with the render in NiceGUI's worker process pool, as the app does;
- and the lateness of a ticker task while the whole 8,000-line PDF is built, database reads included.
"""
from __future__ import annotations

import shutil
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

from nicegui import run
from tortoise import Tortoise

from domain.documents.views import load_business
from domain.models import (
    Business,
    Contact,
    Document,
    DocumentKind,
    InvoiceStatus,
    Payment,
    PaymentAllocation,
    PaymentMode,
)
from domain.statements.statement import all_statement_lines, build_statement
from integrations import database
from integrations.pdf.statement import render_statement_pdf, statement_pdf

SIZES = (2000, 4000, 8000)
YEAR_START, YEAR_END, TODAY = date(2026, 1, 1), date(2026, 12, 31), date(2027, 1, 15)


async def seed(lines: int) -> int:
    """A client whose 2026 statement has exactly `lines` lines; returns its id."""
    contact = await Contact.create(display_name=f'Client with {lines:,} lines', company_name='Bench Client',
                                   billing_address='107 Market Street\nSpringfield, IL 62701')
    payments = lines * 3 // 8
    invoices = lines - payments
    await Document.bulk_create([
        Document(kind=DocumentKind.INVOICE, number=f'INV-{contact.id}-{n + 1:06d}', contact=contact,
                 issue_date=YEAR_START + timedelta(days=n * 360 // invoices),
                 due_date=YEAR_START + timedelta(days=n * 360 // invoices + 30), subtotal=10000 + n % 977,
                 total=10000 + n % 977, amount_paid=10000 + n % 977 if n % 5 < 3 else 0,
                 status=InvoiceStatus.PAID if n % 5 < 3 else InvoiceStatus.SENT)
        for n in range(invoices)], batch_size=1000)
    paid = [row for n, row in enumerate(await Document.filter(contact=contact).order_by('id')
                                        .values_list('id', 'total', 'issue_date')) if n % 5 < 3][:payments]
    await Payment.bulk_create([Payment(contact=contact, date=issued + timedelta(days=4), amount=total,
                                       mode=PaymentMode.BANK_TRANSFER, reference=f'PAY-{n + 1}')
                               for n, (_, total, issued) in enumerate(paid)], batch_size=1000)
    payment_ids = await Payment.filter(contact=contact).order_by('id').values_list('id', flat=True)
    await PaymentAllocation.bulk_create([PaymentAllocation(payment_id=payment_id, document_id=document_id, amount=total)
                                         for payment_id, (document_id, total, _) in zip(payment_ids, paid, strict=True)],
                                        batch_size=1000)
    from tortoise.transactions import in_transaction

    from domain.balances.rebuild import rebuild
    async with in_transaction():  # written directly above: bring the stored balances in step
        await rebuild([contact.id])
    return contact.id


async def statement_figures(lateness_while: Callable) -> None:
    folder = Path(tempfile.mkdtemp(prefix='bench-pdf-'))
    url = f'sqlite://{folder / "bench.sqlite3"}'
    try:
        await database.migrate(url)
        await Tortoise.init(config=database.tortoise_config(url))
        await Business.create(name='Northwind Studio', email='hello@northwind.example',
                              address='12 Harbour Street\nPortland, OR 97201')
        started = time.perf_counter()
        clients = {lines: await seed(lines) for lines in SIZES}
        print(f'Statements through the real statement path (SQLite, seeded in {time.perf_counter() - started:.1f} s):')
        await _figures(clients, lateness_while)
    finally:
        await Tortoise.close_connections()
        shutil.rmtree(folder, ignore_errors=True)


async def _figures(clients: dict[int, int], lateness_while: Callable) -> None:
    business = await load_business()
    run.setup()  # NiceGUI's worker process pool, as the running app has it
    try:
        warm = await build_statement(clients[SIZES[0]], YEAR_START, YEAR_END, TODAY)
        await statement_pdf(warm, business)  # start the workers
        whole_times = {}
        render_times = {}
        for lines, contact_id in clients.items():
            start = time.perf_counter()
            statement = await build_statement(contact_id, YEAR_START, YEAR_END, TODAY)
            read = [line async for line in all_statement_lines(statement)]
            read_time = time.perf_counter() - start
            assert len(read) == statement.line_count == lines, (len(read), statement.line_count, lines)
            render_times[lines] = min(_timed(render_statement_pdf, statement, read, business) for _ in range(3))
            whole = []
            for _ in range(3):
                start = time.perf_counter()
                pdf = await statement_pdf(await build_statement(contact_id, YEAR_START, YEAR_END, TODAY), business)
                whole.append(time.perf_counter() - start)
            whole_times[lines] = statistics.median(whole)
            print(f'  {lines:5,} lines: read {read_time * 1000:5.0f} ms   render {render_times[lines] * 1000:5.0f} ms   '
                  f'whole PDF off the loop {whole_times[lines] * 1000:5.0f} ms median of 3  '
                  f'({len(pdf) / 1024:.0f} KiB)')
        first, last = SIZES[0], SIZES[-1]
        print(f'  {last:,} lines took {render_times[last] / render_times[first]:.2f}x (render) and '
              f'{whole_times[last] / whole_times[first]:.2f}x (whole) the time of {first:,} '
              f'({last / first:.2f}x is linear)   target {last:,} < 1 s')

        async def whole_pdf() -> bytes:
            return await statement_pdf(await build_statement(clients[last], YEAR_START, YEAR_END, TODAY), business)

        took, worst, median = await lateness_while(whole_pdf())
        print(f'  {last:,}-line statement (reads, packing, worker render): {took * 1000:.0f} ms; another task ran '
              f'late by {worst * 1000:.1f} ms at worst ({median * 1000:.1f} ms median)   target < 50 ms')
    finally:
        run.tear_down()  # waits for the pool to stop, so nothing is left to shut down at exit
        run.reset()


def _timed(function: Callable, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start
