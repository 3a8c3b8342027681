"""How long the staff invoice list takes to build with 10,000 invoices, next to the same page with none.

    .venv/bin/python bench/staff_invoice_list.py [--postgres postgres://postgres@127.0.0.1:5432/test] [--rounds 15]

For each database (a temporary SQLite file, and PostgreSQL when `--postgres` or TEST_POSTGRES_URL is given) it
makes three databases, with no invoices, with one page of 25, and with 10,000 in 300 contacts (bulk inserts),
starts `app.py` on each as a subprocess and times a signed-in GET of `/staff/invoices`: the server builds the
whole NiceGUI page, queries included, before it answers. It also times the list query alone, in this process.
Figures are medians. "10k/25" compares two pages that show the same number of rows: only the data size differs.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-settings-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')

from tortoise import Tortoise  # noqa: E402
from tortoise.backends.base import executor  # noqa: E402

from domain import clock, tokens  # noqa: E402
from domain.actors import StaffActor  # noqa: E402
from domain.documents.lists import ListQuery, list_documents  # noqa: E402
from domain.models import (  # noqa: E402
    Business,
    Contact,
    Document,
    DocumentKind,
    DocumentLine,
    NumberSequence,
    Session,
    SessionKind,
    StaffUser,
)
from integrations import database  # noqa: E402

INVOICES = 10_000
SIZES = (0, 25, INVOICES)
CONTACTS = 300
PAGES = {'first page': '/staff/invoices',
         'overdue, by amount, page 20': '/staff/invoices?status=overdue&sort=amount-desc&page=20'}


async def seed(url: str, invoices: int) -> tuple[str, StaffActor]:
    """Migrate, add a business, a staff member with a live session, contacts and `invoices` invoices."""
    executor.EXECUTOR_CACHE.clear()  # Tortoise caches SQL per connection name, in the dialect it saw first
    await database.migrate(url)
    executor.EXECUTOR_CACHE.clear()
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        await Business.create(name='Bench Studio', email='bench@example.com')
        staff = await StaffUser.create(name='Bench Owner', email='owner@bench.example', password_hash='x',
                                       is_owner=True)
        key, now = tokens.new_secret(), clock.now()
        session = await Session.create(kind=SessionKind.STAFF, staff=staff, key_hash=tokens.digest(key),
                                       created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
        await Contact.bulk_create([Contact(display_name=f'Client {n:04d}', company_name=f'Client {n:04d}',
                                           email=f'client{n}@example.com') for n in range(CONTACTS)])
        contact_ids = await Contact.all().values_list('id', flat=True)
        rng, today = random.Random(7), clock.today()
        documents = []
        for n in range(1, invoices + 1):
            issued = today - timedelta(days=rng.randint(0, 720))
            total = rng.randint(50, 50_000) * 100
            status = rng.choice(['draft', 'sent', 'sent', 'partially_paid', 'paid', 'paid', 'paid', 'void'])
            paid = {'paid': total, 'partially_paid': total // 2}.get(status, 0)
            viewed = now - timedelta(days=rng.randint(0, 30)) if status != 'draft' and rng.random() < 0.5 else None
            documents.append(Document(
                kind=DocumentKind.RETAINER if n % 25 == 0 else DocumentKind.INVOICE, number=f'INV-{n:06d}',
                contact_id=rng.choice(contact_ids), status=status, issue_date=issued,
                due_date=issued + timedelta(days=30), reference=f'PO-{rng.randint(1000, 9999)}', subtotal=total,
                total=total, amount_paid=paid, first_viewed_at=viewed, last_viewed_at=viewed))
        await Document.bulk_create(documents, batch_size=1000)
        ids = await Document.all().values_list('id', flat=True)
        await DocumentLine.bulk_create([DocumentLine(document_id=i, position=1, name='Services', quantity=Decimal(1),
                                                     rate=0, amount=0, tax_amount=0) for i in ids], batch_size=1000)
        await NumberSequence.create(name='INV', value=invoices)
        actor = StaffActor(session.id, staff.id, staff.name, staff.email, True)
        return key, actor
    finally:
        await Tortoise.close_connections()


async def time_query(url: str, actor: StaffActor, rounds: int) -> dict[str, float]:
    executor.EXECUTOR_CACHE.clear()
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        queries = {'first page': ListQuery(estimates=False),
                   'overdue, by amount, page 20': ListQuery(estimates=False, status='overdue', sort='amount', page=20)}
        result = {}
        for name, query in queries.items():
            await list_documents(actor, query)
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                await list_documents(actor, query)
                times.append(time.perf_counter() - start)
            result[name] = statistics.median(times) * 1000
        return result
    finally:
        await Tortoise.close_connections()


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(('127.0.0.1', 0))
        return sock.getsockname()[1]


def time_pages(url: str, key: str, rounds: int, data_dir: Path) -> dict[str, float]:
    """Start app.py on the database and time each page; the first loads warm the server up."""
    port = free_port()
    env = {**os.environ, 'DATABASE_URL': url, 'PORT': str(port), 'DATA_DIR': str(data_dir)}
    log = (data_dir / f'server-{port}.log').open('wb')
    server = subprocess.Popen([sys.executable, 'app.py'], cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        base = f'http://127.0.0.1:{port}'
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f'{base}/healthz', timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or server.poll() is not None:
                raise RuntimeError(f'the server did not start, see {log.name}')
            time.sleep(0.2)
        result = {}
        with httpx.Client(base_url=base, cookies={'staff_session': key}, timeout=30) as client:
            for name, path in PAGES.items():
                times = []
                for attempt in range(rounds + 3):
                    start = time.perf_counter()
                    response = client.get(path)
                    elapsed = time.perf_counter() - start
                    if response.status_code != 200 or 'Invoices' not in response.text:
                        raise RuntimeError(f'{path} answered {response.status_code}')
                    if attempt >= 3:
                        times.append(elapsed)
                result[name] = statistics.median(times) * 1000
        return result
    finally:
        server.terminate()
        server.wait(timeout=10)
        log.close()


async def postgres_databases(url: str) -> dict[int, str]:
    import asyncpg
    admin = await asyncpg.connect(url)
    try:
        for size in SIZES:
            await admin.execute(f'DROP DATABASE IF EXISTS bench_invoice_list_{size} WITH (FORCE)')
            await admin.execute(f'CREATE DATABASE bench_invoice_list_{size}')
    finally:
        await admin.close()
    parts = urlsplit(url)
    return {size: urlunsplit(('postgres', parts.netloc, f'/bench_invoice_list_{size}', '', '')) for size in SIZES}


async def drop_postgres(url: str) -> None:
    import asyncpg
    admin = await asyncpg.connect(url)
    try:
        for size in SIZES:
            await admin.execute(f'DROP DATABASE IF EXISTS bench_invoice_list_{size} WITH (FORCE)')
    finally:
        await admin.close()


def run(backend: str, urls: dict[int, str], rounds: int, data_dir: Path) -> None:
    """`urls` maps a number of invoices (0, one page of 25, 10,000) to an empty database for it."""
    started = time.perf_counter()
    seeded = {size: asyncio.run(seed(url, size)) for size, url in urls.items()}
    print(f'\n{backend}: seeded databases with {", ".join(f"{size:,}" for size in sorted(urls))} invoices '
          f'in {time.perf_counter() - started:.1f} s')
    queries = {size: asyncio.run(time_query(urls[size], actor, rounds)) for size, (_, actor) in seeded.items()}
    pages = {size: time_pages(urls[size], key, rounds, data_dir) for size, (key, _) in seeded.items()}
    sizes = sorted(urls)
    print(f'{"median of " + str(rounds):<44}' + ''.join(f'{f"{size:,} inv.":>11}' for size in sizes)
          + f'{"10k/empty":>11}{"10k/25":>8}')
    for label, figures in (('page build, GET', pages), ('list query only', queries)):
        for name in PAGES:
            values = [figures[size][name] for size in sizes]
            print(f'{label + ", " + name:<44}' + ''.join(f'{value:>9.1f}ms' for value in values)
                  + f'{values[-1] / values[0]:>10.2f}x{values[-1] / values[1]:>7.2f}x')
    print('(25 invoices hold only a few overdue ones: that page shows fewer rows than with 10,000)')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--postgres', default=os.environ.get('TEST_POSTGRES_URL', ''),
                        help='also measure on this PostgreSQL server (default: TEST_POSTGRES_URL)')
    parser.add_argument('--rounds', type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='bench-invoice-list-') as folder:
        data_dir = Path(folder)
        run('SQLite', {size: f'sqlite://{data_dir / f"invoices-{size}.sqlite3"}' for size in SIZES}, args.rounds,
            data_dir)
        if args.postgres:
            try:
                run('PostgreSQL', asyncio.run(postgres_databases(args.postgres)), args.rounds, data_dir)
            finally:
                asyncio.run(drop_postgres(args.postgres))


if __name__ == '__main__':
    main()
