"""Times the staff contacts list, its search and the staff dashboard with 10,000 contacts (and 20,000 invoices)
next to an empty database, in one run. Prints figures; asserts nothing.

    .venv/bin/python bench/contacts_list.py [--postgres postgres://postgres@127.0.0.1:5432/test]
"""
from __future__ import annotations

import argparse
import asyncio
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise import Tortoise
from tortoise.backends.base import executor
from tortoise.context import tortoise_test_context

from domain import clock, tokens
from domain.actors import StaffActor
from domain.contacts import companies as contacts
from domain.models import (
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    InvoiceStatus,
    Session,
    SessionKind,
    StaffUser,
)
from domain.overview import staff as dashboard_staff
from integrations.database import MODELS

CONTACTS = 10_000
RUNS = 15


async def actor() -> StaffActor:
    user = await StaffUser.create(name='Bench', email='bench@example.com', password_hash='x', is_owner=True)
    now = clock.now()
    session = await Session.create(kind=SessionKind.STAFF, staff=user, key_hash=tokens.digest('bench'),
                                   created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
    return StaffActor(session.id, user.id, user.name, user.email, True)


async def seed(count: int) -> None:
    await Contact.bulk_create([Contact(display_name=f'Client {n:05d}', company_name=f'Client {n:05d} Ltd',
                                       email=f'ap{n}@client{n}.example') for n in range(count)], batch_size=1000)
    ids = await Contact.all().order_by('id').values_list('id', flat=True)
    await ContactPerson.bulk_create([ContactPerson(contact_id=i, first_name='Person', last_name=str(i),
                                                   email=f'person{i}@client.example', is_primary=True)
                                     for i in ids], batch_size=1000)
    today = clock.today()
    documents = []
    for n, contact_id in enumerate(ids):
        for k in range(2):
            status = InvoiceStatus.SENT if (n + k) % 3 else InvoiceStatus.PAID
            documents.append(Document(kind=DocumentKind.INVOICE, number=f'INV-{2 * n + k:06d}', contact_id=contact_id,
                                      status=status, issue_date=today - timedelta(days=n % 90),
                                      due_date=today - timedelta(days=n % 90 - 30), total=10_000 + n,
                                      amount_paid=10_000 + n if status == InvoiceStatus.PAID else 0))
    await Document.bulk_create(documents, batch_size=1000)


async def timed(call) -> float:
    samples = []
    for _ in range(RUNS):
        start = time.perf_counter()
        await call()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


async def measure(url: str) -> dict[str, float]:
    executor.EXECUTOR_CACHE.clear()  # Tortoise caches SQL per connection name, in the first dialect it saw
    async with tortoise_test_context(MODELS, db_url=url):
        staff = await actor()
        empty = {
            'list, page 1': await timed(lambda: contacts.list_contacts(staff)),
            'search "client 09"': await timed(lambda: contacts.list_contacts(staff, search='client 09')),
            'dashboard': await timed(lambda: dashboard_staff.staff_dashboard(staff)),
        }
        started = time.perf_counter()
        await seed(CONTACTS)
        print(f'seeded {CONTACTS:,} contacts, persons and {2 * CONTACTS:,} invoices in '
              f'{time.perf_counter() - started:.1f} s')
        full = {
            'list, page 1': await timed(lambda: contacts.list_contacts(staff)),
            'list, last page': await timed(lambda: contacts.list_contacts(staff, page=400)),
            'search "client 09"': await timed(lambda: contacts.list_contacts(staff, search='client 09')),
            'search a person email': await timed(lambda: contacts.list_contacts(staff, search='person9999@')),
            'dashboard': await timed(lambda: dashboard_staff.staff_dashboard(staff)),
        }
        rows = len((await contacts.list_contacts(staff)).rows)
    print(f'rows on a page: {rows}')
    print(f'{"median of " + str(RUNS) + " runs":28} {"empty":>10} {"10,000":>10} {"ratio":>7}')
    for name, ms in full.items():
        base = empty.get(name)
        ratio = f'{ms / base:6.1f}x' if base else '      -'
        print(f'{name:28} {f"{base:.1f} ms" if base else "-":>10} {ms:8.1f} ms {ratio}')
    return full


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--postgres', help='a PostgreSQL server to measure on as well')
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        print('SQLite')
        asyncio.run(measure(f'sqlite://{folder}/bench.sqlite3'))
    if args.postgres:
        print('\nPostgreSQL')
        asyncio.run(measure(args.postgres.rstrip('/').rsplit('/', 1)[0] + '/bench_contacts_{}'))
    asyncio.run(Tortoise.close_connections())


if __name__ == '__main__':
    main()
