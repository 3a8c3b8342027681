"""How the portal's busiest pages cope with a client who has 10,000 invoices and 10,000 payments.

    .venv/bin/python bench/portal_pages.py [--invoices 10000] [--payments 10000] [--database-url URL]

Seeds a fresh database (SQLite in a temporary folder unless --database-url names another), serves app.py as
`make run` does, and times complete page loads over HTTP (session check, page function, HTML) for the dashboard,
the invoice list and a year's statement, next to an empty page: the Change Password page, which builds the same
frame with no data. The server counts the SQL statements each page load runs, by wrapping the database clients'
execute methods. Target: each page within 2x of the empty one, with a query count that does not depend on
how many documents the client has (compare the same pages for a client with no documents at all).

With --credit, a third client has the same 10,000 invoices and payments plus 1,000 credit notes (a third open, a
third partly applied, a third applied to its invoices) and 1,000 refunds of its payments, and the dashboard and the
statement of that client are compared with the first one's in the same run (goal: within 1.1x).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

RUNS = 25


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--invoices', type=int, default=10_000)
    parser.add_argument('--payments', type=int, default=10_000)
    parser.add_argument('--database-url', default='')
    parser.add_argument('--show-queries', action='store_true', help='also print the SQL each page load runs')
    parser.add_argument('--credit', action='store_true', help='also a client with credit notes and refunds')
    parser.add_argument('--serve', action='store_true', help=argparse.SUPPRESS)
    return parser.parse_args()


async def seed(invoice_count: int, payment_count: int, credit: bool = False) -> dict[str, str]:
    """One business, a big client and an empty one (and with `credit` a big one with credit notes and refunds),
    each with a signed-in person; returns their session keys."""
    from domain import clock, tokens
    from domain.models import (
        Business,
        Contact,
        ContactPerson,
        Document,
        DocumentKind,
        EstimateStatus,
        InvoiceStatus,
        Payment,
        PaymentAllocation,
        PaymentMode,
        PortalAccess,
        Session,
        SessionKind,
    )

    today = clock.today()
    now = clock.now()
    await Business.create(name='Bench Studio', email='bench@example.com', banner_message='Thank you!')
    big = await Contact.create(display_name='Big Client', company_name='Big Client')
    empty = await Contact.create(display_name='New Client', company_name='New Client')
    keys = {}
    clients = [(big, 'big'), (empty, 'empty')]
    if credit:
        clients.append((await Contact.create(display_name='Credited Client', company_name='Credited Client'),
                        'credit'))
    for contact, name in clients:
        person = await ContactPerson.create(contact=contact, email=f'{name}@example.com', first_name=name.title(),
                                            portal_access=PortalAccess.ACTIVE, password_hash='x')
        keys[name] = tokens.new_secret()
        await Session.create(kind=SessionKind.PORTAL, person=person, key_hash=tokens.digest(keys[name]),
                             created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))

    # payments: every fourth invoice is paid in two halves, the others in one; the rest stay unpaid
    halves = payment_count // 5
    singles = payment_count - 2 * halves
    paid_by: dict[int, list[int]] = {}
    for n in range(halves):
        paid_by[4 * n] = [1, 2]
    single = (i for i in range(invoice_count) if i not in paid_by)
    for _ in range(singles):
        paid_by[next(single)] = [0]

    documents = []
    for i in range(invoice_count):
        total = 10_000 + (i % 50) * 137
        issued = today - timedelta(days=i % 1095)
        shares = paid_by.get(i, [])
        paid = total if shares else 0
        documents.append(Document(
            kind=DocumentKind.INVOICE, number=f'INV-{i + 1:06d}', contact=big, issue_date=issued,
            due_date=issued + timedelta(days=30), subtotal=total, total=total, amount_paid=paid,
            status=InvoiceStatus.PAID if paid else InvoiceStatus.SENT, sent_at=now))
    for i in range(200):
        documents.append(Document(
            kind=DocumentKind.ESTIMATE, number=f'EST-{i + 1:06d}', contact=big,
            issue_date=today - timedelta(days=i), expiry_date=today + timedelta(days=30 - i),
            total=5000, subtotal=5000, status=EstimateStatus.SENT))
    await Document.bulk_create(documents, batch_size=2000)
    ids = dict(await Document.filter(contact=big, kind=DocumentKind.INVOICE).values_list('number', 'id'))

    payments, plan = [], []
    for i, shares in paid_by.items():
        invoice = documents[i]
        for share in shares:
            amount = invoice.total if share == 0 else invoice.total // 2 if share == 1 else invoice.total - invoice.total // 2
            day = min(invoice.issue_date + timedelta(days=10 + 20 * (share == 2)), today)
            payments.append(Payment(contact=big, date=day, amount=amount, mode=PaymentMode.BANK_TRANSFER,
                                    reference=f'PAY-{len(payments) + 1}'))
            plan.append((ids[invoice.number], amount))
    await Payment.bulk_create(payments, batch_size=2000)
    payment_ids = await Payment.filter(contact=big).order_by('id').values_list('id', flat=True)
    await PaymentAllocation.bulk_create(
        [PaymentAllocation(payment_id=pid, document_id=doc, amount=amount)
         for pid, (doc, amount) in zip(payment_ids, plan, strict=True)], batch_size=2000)
    if credit:
        from credit_history import seed_credit  # bench/ is the script's folder
        await seed_credit(clients[2][0], documents, paid_by, today)
    from tortoise.transactions import in_transaction

    from domain.balances.rebuild import rebuild
    async with in_transaction():  # the rows above were written directly: bring the stored balances in step
        await rebuild([contact.id for contact, _name in clients])
    keys['invoice'] = str(ids['INV-000001'])  # a paid one, for --show-queries
    return keys


class QueryCounter:
    """Counts every SQL statement the database clients send, in the server process."""

    METHODS = ('execute_query', 'execute_query_dict', 'execute_insert', 'execute_many', 'execute_script')

    def __init__(self) -> None:
        self.count = 0
        self.recent: list[str] = []  # the last statements, for --show-queries

    def install(self) -> None:
        from tortoise.backends.asyncpg.client import AsyncpgDBClient
        from tortoise.backends.sqlite.client import SqliteClient
        for client_class in (SqliteClient, AsyncpgDBClient):
            for name in self.METHODS:
                original = getattr(client_class, name)

                def counted(client, *args, _original=original, **kwargs):
                    self.count += 1
                    self.recent = [*self.recent[-49:], str(args[0] if args else kwargs.get('query', ''))[:160]]
                    return _original(client, *args, **kwargs)
                setattr(client_class, name, counted)


def serve() -> None:
    """Run app.py as `make run` does, plus a counter of SQL statements readable at /bench/queries."""
    import runpy

    from nicegui import app
    counter = QueryCounter()
    counter.install()
    app.add_api_route('/bench/queries', lambda: {'count': counter.count, 'recent': counter.recent,
                                                 'cpu': time.process_time()})
    os.chdir(ROOT)
    runpy.run_path(str(ROOT / 'app.py'), run_name='__main__')


async def load(http: httpx.AsyncClient, path: str) -> tuple[float, int]:
    """Milliseconds of one full page load over HTTP, and the SQL statements it ran."""
    before = (await http.get('/bench/queries')).json()['count']
    start = time.perf_counter()
    response = await http.get(path)
    elapsed = (time.perf_counter() - start) * 1000
    queries = (await http.get('/bench/queries')).json()['count'] - before
    assert response.status_code == 200 and 'Internal Server Error' not in response.text, (path, response.status_code)
    return elapsed, queries


async def measure(http: httpx.AsyncClient, paths: list[str]) -> dict[str, tuple[float, int]]:
    """Median time and the query count of each page, loading the pages in turn so that a busy moment of the
    machine hits them all alike."""
    for path in paths:
        for _ in range(3):
            await load(http, path)
    times: dict[str, list[float]] = {path: [] for path in paths}
    queries: dict[str, int] = {}
    for _ in range(RUNS):
        for path in paths:
            elapsed, queries[path] = await load(http, path)
            times[path].append(elapsed)
    return {path: (statistics.median(times[path]), queries[path]) for path in paths}


async def cpu_load(http: httpx.AsyncClient, path: str) -> tuple[float, int]:
    """Milliseconds of the server process's CPU for one page load (steadier than wall time on a shared machine:
    time spent waiting for a core is left out), and the SQL statements it ran."""
    before = (await http.get('/bench/queries')).json()
    response = await http.get(path)
    after = (await http.get('/bench/queries')).json()
    assert response.status_code == 200 and 'Internal Server Error' not in response.text, (path, response.status_code)
    return (after['cpu'] - before['cpu']) * 1000, after['count'] - before['count']


async def measure_pair(url: str, keys: dict[str, str], paths: list[str],
                       names: dict[str, str]) -> dict[tuple[str, str], tuple[float, int]]:
    clients = {who: httpx.AsyncClient(base_url=url, cookies={'portal_session': keys[who]}, timeout=30)
               for who in ('big', 'credit')}
    times: dict[tuple[str, str], list[float]] = {}
    queries: dict[tuple[str, str], int] = {}
    try:
        for round_ in range(RUNS * 2 + 3):
            for path in paths:
                for who, http in clients.items():
                    elapsed, count = await cpu_load(http, path)
                    if round_ >= 3:  # the first rounds warm up
                        times.setdefault((who, path), []).append(elapsed)
                        queries[who, path] = count
    finally:
        for http in clients.values():
            await http.aclose()
    by_path = {path: name for name, path in names.items()}
    return {(who, by_path[path]): (statistics.median(found), queries[who, path])
            for (who, path), found in times.items()}


async def prepare(database_url: str, invoices: int, payments: int, credit: bool = False) -> dict[str, str]:
    from tortoise import Tortoise

    from integrations.database import migrate, tortoise_config
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        started = time.perf_counter()
        keys = await seed(invoices, payments, credit)
        print(f'seeded {invoices:,} invoices and {payments:,} payments for one client in '
              f'{time.perf_counter() - started:.1f} s ({database_url.split(":", 1)[0]})')
    finally:
        await Tortoise.close_connections()
    return keys


async def run_pages(url: str, keys: dict[str, str], documents: str, show_queries: bool, credit: bool = False) -> None:
    today = date.today()
    year = f'/portal/statement?period=custom&start={today - timedelta(days=364)}&end={today}'
    pages = [('empty page (Change Password)', '/portal/password'), ('dashboard', '/portal'),
             ('invoice list', '/portal/invoices'), ("a year's statement", year)]
    results = {}
    for who in ('big', 'empty', *(['credit'] if credit else [])):
        async with httpx.AsyncClient(base_url=url, cookies={'portal_session': keys[who]}, timeout=30) as http:
            measured = await measure(http, [path for _, path in pages])
        for name, path in pages:
            results[who, name] = measured[path]
    baseline = results['big', pages[0][0]][0]
    print(f'\nmedian of {RUNS} page loads over HTTP each; ratio = time / empty page\n')
    print(f'{"page":<30}{documents + " client":>24}{"ratio":>7}{"queries":>9}'
          f'{"client with nothing":>22}{"queries":>9}')
    for name, _ in pages:
        big_ms, big_q = results['big', name]
        empty_ms, empty_q = results['empty', name]
        print(f'{name:<30}{big_ms:>21.1f} ms{big_ms / baseline:>7.2f}{big_q:>9}{empty_ms:>19.1f} ms{empty_q:>9}')
    if credit:  # measured again side by side, a load of each in turn, so that a busy moment hits both alike
        results.update(await measure_pair(url, keys, [path for _, path in pages[1:]], dict(pages)))
        print(f'\nserver CPU per page load, median of {RUNS * 2}, with 1,000 credit notes and 1,000 refunds besides the '
              'same invoices and payments; ratio = with / without (goal: within 1.1x)\n')
        print(f'{"page":<30}{"with credit":>14}{"queries":>9}{"without":>12}{"queries":>9}{"ratio":>8}')
        for name, _ in pages[1:]:
            with_ms, with_q = results['credit', name]
            without_ms, without_q = results['big', name]
            print(f'{name:<30}{with_ms:>11.1f} ms{with_q:>9}{without_ms:>9.1f} ms{without_q:>9}'
                  f'{with_ms / without_ms:>8.2f}')
    if show_queries:
        async with httpx.AsyncClient(base_url=url, cookies={'portal_session': keys['big']}, timeout=30) as http:
            for name, path in [*pages, ('an invoice', f'/portal/invoices/{keys["invoice"]}')]:
                _, count = await load(http, path)
                print(f'\n{name}: {count} statements')
                for statement in (await http.get('/bench/queries')).json()['recent'][-count:]:
                    print(f'    {statement}')


def main() -> None:
    args = parse()
    if args.serve:
        serve()
        return
    folder = Path(tempfile.mkdtemp(prefix='portal-bench-'))
    database_url = args.database_url or f'sqlite://{folder / "bench.sqlite3"}'
    port = _free_port()
    env = {**os.environ, 'DATA_DIR': str(folder), 'DATABASE_URL': database_url, 'PORT': str(port),
           'PORTAL_SECRET': 'bench-secret-not-for-production'}
    os.environ.update(env)
    keys = asyncio.run(prepare(database_url, args.invoices, args.payments, args.credit))
    with (folder / 'server.log').open('wb') as log:
        server = subprocess.Popen([sys.executable, __file__, '--serve'], cwd=ROOT, env=env, stdout=log,
                                  stderr=subprocess.STDOUT)
    try:
        url = f'http://127.0.0.1:{port}'
        _wait_until_up(url, server, folder / 'server.log')
        asyncio.run(run_pages(url, keys, f'{args.invoices:,}-invoice', args.show_queries, args.credit))
    finally:
        server.terminate()
        server.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def _wait_until_up(url: str, server: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f'{url}/healthz', timeout=1).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if server.poll() is not None:
            raise SystemExit(log.read_text())
        time.sleep(0.2)
    raise SystemExit('the server did not start:\n' + log.read_text())


if __name__ == '__main__':
    main()
