"""Make recurring invoices after a pause: 1,000 monthly profiles (one per contact, each person in one of the four
languages, a line with "{month} {year}") whose last three periods were missed, made in one run. How long it takes,
how many SQL statements an invoice costs, and that each profile and period got exactly one invoice.

    .venv/bin/python bench/recurring.py [--profiles 1000] [--periods 3] [--draft] [--database-url postgres://...]

Seeds a database (a temporary SQLite file, or the PostgreSQL database named, whose public schema is emptied first),
then runs Make recurring invoices as Run now starts it, in this process, timed, with every SQL statement counted.
Each invoice is sent (its email with the PDF queued in the outbox) unless `--draft`.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-recurring-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')
os.environ.setdefault('LOCALSTRIPE_PORT', 'off')

import job_runs  # noqa: E402  (bench/job_runs.py: seeding and SQL counting)


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--profiles', type=int, default=1000)
    parser.add_argument('--periods', type=int, default=3, help='missed monthly periods per profile, today included')
    parser.add_argument('--draft', action='store_true', help='keep the invoices as drafts (no email)')
    parser.add_argument('--database-url', default='')
    return parser.parse_args()


async def seed(url: str, args: argparse.Namespace) -> None:
    from tortoise import Tortoise

    from domain import clock
    from domain.models import RecurringProfile
    from domain.recurring.rules import add_months
    await job_runs.fresh_database(url)
    try:
        contact_ids = await job_runs.contacts_with_people(args.profiles)
        start = add_months(clock.today(), 1 - args.periods)
        line = {'name': 'Hosting {month} {year}', 'description': '{period}', 'quantity': '1', 'rate': 12000,
                'tax_percent': '0'}
        await RecurringProfile.bulk_create([
            RecurringProfile(contact_id=contact_id, frequency='monthly', start_date=start, anchor_date=start,
                             next_date=start, lines=[line], total=12000, send_by_itself=not args.draft)
            for contact_id in contact_ids], batch_size=500)
    finally:
        await Tortoise.close_connections()


async def run_alone(url: str) -> dict:
    from tortoise import Tortoise

    from domain.jobs.catalogue import MAKE_RECURRING_INVOICES
    from domain.models import Document, OutgoingMail, sql
    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config(url))
    try:
        result = await job_runs.timed_run(MAKE_RECURRING_INVOICES)
        twice = await sql.rows('SELECT recurring_profile_id, issue_date, COUNT(*) AS n FROM document '
                               'WHERE recurring_profile_id IS NOT NULL GROUP BY recurring_profile_id, issue_date '
                               'HAVING COUNT(*) > 1', [])
        return {**result, 'invoices': await Document.filter(recurring_profile_id__isnull=False).count(),
                'emails': await OutgoingMail.filter(kind='invoice_sent').count(), 'twice': len(twice)}
    finally:
        await Tortoise.close_connections()


async def main() -> None:
    args = parse()
    url = args.database_url or f'sqlite://{Path(os.environ["DATA_DIR"]) / "bench.sqlite3"}'
    await seed(url, args)
    result = await run_alone(url)
    done = max(result['done'], 1)
    print(f'{"PostgreSQL" if url.startswith("postgres") else "SQLite"}: {args.profiles:,} profiles x '
          f'{args.periods} missed periods: {result["done"]:,} invoices made in {result["seconds"]:.1f} s '
          f'({result["seconds"] / done * 1000:.1f} ms each), {result["failed"]} failed; '
          f'{result["queries"]:,} SQL statements ({result["queries"] / done:.1f} per invoice); '
          f'{result["emails"]:,} emails queued; profile and period made twice: {result["twice"]}')


if __name__ == '__main__':
    asyncio.run(main())
