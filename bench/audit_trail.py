"""How the owner's Audit trail reads at 100,000 rows: a page of each filter, a deep page, and the CSV.

    .venv/bin/python bench/audit_trail.py [--rows 100000] [--database-url URL]

Migrates a fresh database (SQLite in a temporary folder unless --database-url names an empty PostgreSQL database),
so the trail has its real indexes and triggers, writes the rows in bulk (1,000 contacts, 5,000 documents, 20 staff
users and 2,000 client people over a year), then times `reading.trail` (count and page of 50, as the page asks) for
each filter, the median of 5 runs, and a CSV download of the whole trail (bounded at 100,000 rows) and of one
contact's rows, with the peak memory Python allocated meanwhile.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import sys
import tempfile
import time
import tracemalloc
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


async def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--rows', type=int, default=100_000)
    parser.add_argument('--database-url', default='')
    args = parser.parse_args()
    url = args.database_url or f'sqlite://{tempfile.mkdtemp()}/audit.sqlite3'

    from tortoise import Tortoise

    from domain import clock, tokens
    from domain.actors import StaffActor
    from domain.audit import reading
    from domain.audit.actions import AuditAction
    from domain.audit.reading import TrailFilter
    from domain.models import AuditEntry, Session, SessionKind, StaffUser
    from integrations import database

    await database.migrate(url)
    await Tortoise.init(config=database.tortoise_config(url))
    owner = await StaffUser.create(name='Olivia Owner', email='owner@example.com', password_hash='x', is_owner=True)
    now = clock.now()
    session = await Session.create(kind=SessionKind.STAFF, staff=owner, key_hash=tokens.digest('bench'),
                                   created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
    actor = StaffActor(session.id, owner.id, owner.name, owner.email, is_owner=True)

    rng = random.Random(31)
    actions = list(AuditAction)
    start = datetime(2025, 1, 1, tzinfo=UTC)
    began = time.perf_counter()
    for first in range(0, args.rows, 5000):
        batch = []
        for n in range(first, min(first + 5000, args.rows)):
            contact, client = rng.randrange(1, 1001), rng.random() < 0.3
            batch.append(AuditEntry(
                at=start + timedelta(seconds=n * 315), actor_kind='client' if client else 'staff',
                staff_id=None if client else rng.randrange(1, 21), person_id=rng.randrange(1, 2001) if client else None,
                actor_name='Someone', ip='192.0.2.10', action=rng.choice(actions).value, contact_id=contact,
                document_id=rng.randrange(1, 5001), target_kind='document', target_label=f'INV-{n:06d}',
                changes=[{'field': 'due_date', 'type': 'date', 'before': '2026-03-05', 'after': '2026-03-20'}]))
        await AuditEntry.bulk_create(batch)
    print(f'{args.rows:,} rows written in {time.perf_counter() - began:.1f} s ({url.split(":")[0]})')

    cases = {
        'no filter, page 1': (TrailFilter(), 1),
        'no filter, page 1,000': (TrailFilter(), 1000),
        'document': (TrailFilter(document='4242'), 1),
        'contact': (TrailFilter(contact_id=77), 1),
        'staff person': (TrailFilter(who='staff:7'), 1),
        'client person': (TrailFilter(who='person:1234'), 1),
        'kind': (TrailFilter(action=AuditAction.INVOICE_EDITED.value), 1),
        'one week': (TrailFilter(since='2025-06-01', until='2025-06-07'), 1),
        'contact, kind and a month': (TrailFilter(contact_id=77, action=AuditAction.INVOICE_SENT.value,
                                                  since='2025-06-01', until='2025-06-30'), 1),
    }
    print(f'{"filter":<28} {"rows":>8} {"median ms":>10}')
    for name, (chosen, page) in cases.items():
        timings = []
        for _ in range(5):
            began = time.perf_counter()
            found = await reading.trail(actor, chosen, page)
            timings.append((time.perf_counter() - began) * 1000)
        print(f'{name:<28} {found.total:>8,} {statistics.median(timings):>10.1f}')

    for name, chosen in (('CSV, whole trail', TrailFilter()), ('CSV, one contact', TrailFilter(contact_id=77))):
        began = time.perf_counter()
        size = lines = 0
        async for chunk in reading.csv_lines(actor, chosen):
            size += len(chunk.encode())
            lines += chunk.count('\n')
        took = time.perf_counter() - began
        tracemalloc.start()  # a second time, for the memory alone: tracing slows Python down several times
        async for _chunk in reading.csv_lines(actor, chosen):
            pass
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
        print(f'{name}: {lines - 1:,} rows, {size / 1e6:.1f} MB in {took:.1f} s, peak Python memory {peak / 1e6:.1f} MB')
    await Tortoise.close_connections()


if __name__ == '__main__':
    asyncio.run(main())
