"""A payment reminder run over 10,000 open invoices of 1,000 contacts: how long it takes, how many SQL statements it
runs, and how much slower page loads get while it runs in the same app process.

    .venv/bin/python bench/reminders.py [--users 6] [--seconds 20] [--contacts 1000] [--database-url postgres://...]

Seeds a database (a temporary SQLite file, or the PostgreSQL database named, whose public schema is emptied first):
a business with the default schedule (3 days before the due date, on it, 7, 14 and 30 days after) and a flat late
fee on the 7 and 30 day levels, 1,000 contacts each with one person with portal access (in the four languages in
turn) and 10 open invoices due between 3 and 60 days ago or in the coming days, so that every level has invoices
due. Then:
1. the run alone, in this process: Send payment reminders as Run now starts it, timed, with every SQL statement
   counted (per reminder too);
2. the same run inside a served app (`app.py`, as `make run` serves it, on a fresh copy of the data): K simulated
   users (browser tabs as in bench/load.py: the page over HTTP, then its websocket) click through a client's
   dashboard, invoice list and an invoice for `--seconds` without the run, then again while the run goes on; the
   p50 and p95 of a page load in both, and their ratio (goal: p95 during the run at most 1.3x).
The served app and the measuring are bench/job_runs.py's, which bench/autopay.py shares.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-reminders-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')
os.environ.setdefault('LOCALSTRIPE_PORT', 'off')
os.environ['JOBS_INTERVAL_SECONDS'] = '0'  # the run starts when the bench says

import job_runs  # noqa: E402  (bench/job_runs.py: seeding, SQL counting, the served app, page loads)

CONTACTS, PER_CONTACT = 1000, 10


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--users', type=int, default=6, help='simulated users loading pages at once')
    parser.add_argument('--seconds', type=float, default=20.0, help='length of the round without the run')
    parser.add_argument('--contacts', type=int, default=CONTACTS, help='contacts, each with 10 open invoices')
    parser.add_argument('--database-url', default='')
    return parser.parse_args()


async def seed(url: str, contacts: int) -> dict:
    """Migrate and fill the database; returns a portal session key and one of that client's invoices."""
    from tortoise import Tortoise

    from domain import clock
    from domain.models import ContactPerson, Document, DocumentKind, ReminderSchedule
    from domain.reminders.rules import DEFAULT_DAYS, level_to_json
    from domain.reminders.schedule import default_level
    await job_runs.fresh_database(url)
    try:
        contact_ids = await job_runs.contacts_with_people(contacts)
        levels = [level_to_json(default_level(days)) for days in DEFAULT_DAYS]
        for stored in levels:
            if stored['days'] in (7, 30):
                stored['fee'] = {'kind': 'flat', 'amount': 2500, 'percent': '0', 'cap': 0}
        await ReminderSchedule.create(id=1, reminders_on=True, late_fees_on=True, levels=levels)
        today = clock.today()
        documents, number = [], 0
        for contact_id in contact_ids:
            for k in range(PER_CONTACT):
                number += 1
                due = today - timedelta(days=(number * 7) % 64 - 3)  # from 3 days ahead to 60 days ago
                total = 10_000 + (number * 137) % 90_000
                documents.append(Document(
                    kind=DocumentKind.INVOICE, number=f'INV-{number:06d}', contact_id=contact_id, status='sent',
                    issue_date=due - timedelta(days=30), due_date=due, subtotal=total, total=total,
                    amount_paid=total // 3 if k == 0 else 0, sent_at=clock.now()))
        await job_runs.invoices(documents, number)
        person = await ContactPerson.get(contact_id=contact_ids[0])
        keys = await job_runs.portal_sessions(person.id, 1)
        invoice = await Document.filter(contact_id=contact_ids[0]).order_by('id').first()
        return {'keys': keys, 'invoice': invoice.id if invoice else 0, 'session_person': person.id}
    finally:
        await Tortoise.close_connections()


async def run_alone(url: str) -> dict:
    from tortoise import Tortoise

    from domain.jobs.catalogue import SEND_REMINDERS
    from domain.models import LateFee, OutgoingMail, Reminder
    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config(url))
    try:
        return {**await job_runs.timed_run(SEND_REMINDERS), 'reminders': await Reminder.all().count(), 'fees': await LateFee.all().count(),
                'emails': await OutgoingMail.filter(kind='reminder').count()}
    finally:
        await Tortoise.close_connections()


async def main(options: argparse.Namespace) -> None:
    from domain.jobs.catalogue import SEND_REMINDERS
    folder = Path(tempfile.mkdtemp(prefix='bench-reminders-'))
    url = options.database_url or f'sqlite://{folder / "seed.sqlite3"}'
    postgres = url.startswith('postgres')
    print(f'Seeding {options.contacts:,} contacts with {options.contacts * PER_CONTACT:,} open invoices '
          f'({"PostgreSQL" if postgres else "SQLite"}) ...')
    seeded = await seed(url, options.contacts)
    if not postgres:
        alone_url = job_runs.copy_sqlite(url, folder, 'alone.sqlite3')
        served_url = job_runs.copy_sqlite(url, folder, 'served.sqlite3')
    else:
        alone_url = served_url = url
    alone = await run_alone(alone_url)
    print(f'1. The run alone: {alone["done"]:,} reminders ({alone["failed"]} failed), {alone["fees"]:,} late fees, '
          f'{alone["emails"]:,} emails in {alone["seconds"]:.1f} s ({alone["seconds"] / max(alone["done"], 1) * 1000:.2f}'
          f' ms each); {alone["queries"]:,} SQL statements ({alone["queries"] / max(alone["done"], 1):.1f} per '
          'reminder)')
    if postgres:  # the served round needs the data as it was before the run
        seeded = await seed(url, options.contacts)
    keys = await job_runs.add_sessions(served_url, seeded['session_person'], options.users)
    paths = ['/portal', '/portal/invoices', f'/portal/invoices/{seeded["invoice"]}']
    served = job_runs.Served(served_url, folder, SEND_REMINDERS)
    try:
        await job_runs.browse(served, keys[:2], paths, time.perf_counter() + 5)  # warm up
        quiet = await job_runs.browse(served, keys, paths, time.perf_counter() + options.seconds)
        busy, status = await job_runs.during_run(served, keys, paths, options.seconds * 3)
    finally:
        served.stop()
    print(f"2. Page loads, {options.users} users, a client's dashboard, invoices and an invoice:")
    print(f'   without the run: {job_runs.figures(quiet)}')
    measured = status.get('measured', {})
    print(f'   during the run:  {job_runs.figures(busy)} (meanwhile the run sent {measured.get("sent", 0):,} reminders; a '
          f'reminder took p50 {measured.get("unit_p50", 0):.1f} ms, p95 {measured.get("unit_p95", 0):.1f} ms from '
          'its claim to its commit)')
    print(f'   the whole run in the served app: {status.get("done", 0):,} reminders in {status.get("seconds", 0):.1f} s')
    print(f'   p95 during / without: {job_runs.p95(busy) / job_runs.p95(quiet):.2f}x (goal: at most 1.3x)')
    log = served.log.read_text(errors='replace')
    if 'Traceback' in log:
        print('   the server log has tracebacks:', log[log.find('Traceback'):][:1500])


if __name__ == '__main__':
    asyncio.run(main(parse()))
