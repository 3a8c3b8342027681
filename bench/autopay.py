"""Automatic payment of 1,000 due invoices against localstripe: how long the run takes, how many calls to the card
processor each invoice costs (goal: one), and how much slower page loads get while it runs in the same app process.

    .venv/bin/python bench/autopay.py [--users 6] [--seconds 20] [--database-url postgres://...]

Starts a localstripe and seeds a database (a temporary SQLite file, or the PostgreSQL database named, whose public
schema is emptied first): a business, 1,000 contacts each with one person with portal access who saved a card
(4242 4242 4242 4242, at localstripe under the contact's own customer) and agreed to automatic payment with it,
and one invoice each due today. Then:
1. the run alone, in this process: Charge invoices automatically as Run now starts it, timed, with every call to the
   card processor and every SQL statement counted;
2. the same run inside a served app (`app.py` pointed at the same localstripe, on a fresh copy of the data):
   simulated users click through a client's dashboard, invoice list and an invoice without the run, then while it
   runs (bench/job_runs.py's measuring, as in bench/reminders.py); the p95 of a page load in both and their ratio
   (goal: at most 1.3x).
localstripe runs at the lowest CPU priority (nice 19): in production the card processor is not on the app's machine,
and here its cost per charge grows with everything it holds (it lists by reading every object it has).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import sys
import tempfile
import time
from collections import Counter
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-autopay-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')
os.environ['JOBS_INTERVAL_SECONDS'] = '0'  # the run starts when the bench says

import job_runs  # noqa: E402  (bench/job_runs.py: seeding, SQL counting, the served app, page loads)

CONTACTS = 1000
WEBHOOK_SECRET = 'whsec_bench_autopay'


def cpu_seconds(pid: int) -> float:
    """User and system CPU time a process has used so far (Linux)."""
    fields = Path(f'/proc/{pid}/stat').read_text().rsplit(')', 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--users', type=int, default=6, help='simulated users loading pages at once')
    parser.add_argument('--seconds', type=float, default=20.0, help='length of the round without the run')
    parser.add_argument('--contacts', type=int, default=CONTACTS)
    parser.add_argument('--database-url', default='')
    return parser.parse_args()


async def cards_at(base: str, count: int) -> list[tuple[str, str]]:
    """A customer and an attached card at localstripe for each contact: (customer id, payment method id)."""
    from integrations.stripe_gateway import LOCAL_SECRET_KEY
    limit = asyncio.Semaphore(16)

    async def one(client: httpx.AsyncClient, n: int) -> tuple[str, str]:
        async with limit:
            customer = (await client.post('/v1/customers', data={'name': f'Client {n:04d}'})).json()['id']
            method = (await client.post('/v1/payment_methods', data={
                'type': 'card', 'card[number]': '4242424242424242', 'card[exp_month]': '12',
                'card[exp_year]': '2034', 'card[cvc]': '123'})).json()['id']
            await client.post(f'/v1/payment_methods/{method}/attach', data={'customer': customer})
            return customer, method
    async with httpx.AsyncClient(base_url=base, auth=(LOCAL_SECRET_KEY, ''), timeout=30) as client:
        return list(await asyncio.gather(*(one(client, n) for n in range(count))))


async def seed(url: str, base: str, count: int) -> dict:
    from tortoise import Tortoise

    from domain import clock
    from domain.models import ContactPerson, Document, DocumentKind, PaymentConsent, SavedCard
    cards = await cards_at(base, count)
    await job_runs.fresh_database(url)
    try:
        contact_ids = await job_runs.contacts_with_people(count, lambda n: {'stripe_customer_id': cards[n][0]})
        people = dict(await ContactPerson.all().values_list('contact_id', 'id'))
        await SavedCard.bulk_create([SavedCard(person_id=people[contact_id], payment_method_id=cards[n][1],
                                               brand='visa', last4='4242', exp_month=12, exp_year=2034,
                                               is_default=True) for n, contact_id in enumerate(contact_ids)],
                                    batch_size=500)
        saved = dict(await SavedCard.all().values_list('person_id', 'id'))
        now, today = clock.now(), clock.today()
        await PaymentConsent.bulk_create([PaymentConsent(
            contact_id=contact_id, person_id=people[contact_id], person_name=f'Person{n}',
            card_id=saved[people[contact_id]], payment_method_id=cards[n][1], card_label='Visa ending in 4242',
            words='(seeded for the bench)', granted_at=now, active_contact_id=contact_id)
            for n, contact_id in enumerate(contact_ids)], batch_size=500)
        documents = []
        for n, contact_id in enumerate(contact_ids):
            total = 10_000 + (n * 137) % 90_000
            documents.append(Document(kind=DocumentKind.INVOICE, number=f'INV-{n + 1:06d}', contact_id=contact_id,
                                      status='sent', issue_date=today - timedelta(days=30), due_date=today,
                                      subtotal=total, total=total, sent_at=now))
        await job_runs.invoices(documents, count)
        person = await ContactPerson.get(contact_id=contact_ids[0])
        await job_runs.portal_sessions(person.id, 1)
        invoice = await Document.filter(contact_id=contact_ids[0]).first()
        return {'invoice': invoice.id if invoice else 0, 'session_person': person.id}
    finally:
        await Tortoise.close_connections()


class CountedCalls:
    """Counts every call the app makes to the card processor, by kind."""

    def __init__(self) -> None:
        from integrations.stripe_gateway import StripeGateway
        self.calls: Counter[str] = Counter()
        self.original = StripeGateway._call
        counter = self

        async def counted(gateway, call):
            counter.calls[getattr(call, '__qualname__', type(call).__name__).split('.')[-1]] += 1
            return await counter.original(gateway, call)
        StripeGateway._call = counted  # type: ignore[method-assign]

    def undo(self) -> None:
        from integrations.stripe_gateway import StripeGateway
        StripeGateway._call = self.original  # type: ignore[method-assign]


async def run_alone(url: str, base: str) -> dict:
    from tortoise import Tortoise

    from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
    from domain.models import AutomaticCharge, OutgoingMail, Payment
    from domain.payments import gateway as payment_gateway
    from integrations.database import tortoise_config
    from integrations.stripe_gateway import LOCAL_PUBLISHABLE_KEY, LOCAL_SECRET_KEY, StripeGateway
    payment_gateway.install(StripeGateway(LOCAL_SECRET_KEY, LOCAL_PUBLISHABLE_KEY, WEBHOOK_SECRET, api_base=base))
    await Tortoise.init(config=tortoise_config(url))
    try:
        calls = CountedCalls()
        try:
            result = await job_runs.timed_run(CHARGE_AUTOMATICALLY)
        finally:
            calls.undo()
        return {**result, 'calls': calls.calls, 'paid': await AutomaticCharge.filter(status='paid').count(),
                'payments': await Payment.all().count(),
                'receipts': await OutgoingMail.filter(kind='payment_receipt').count()}
    finally:
        payment_gateway.install(None)
        await Tortoise.close_connections()


async def main(options: argparse.Namespace) -> None:
    from domain.jobs.catalogue import CHARGE_AUTOMATICALLY
    from integrations.localstripe_process import LocalStripe
    folder = Path(tempfile.mkdtemp(prefix='bench-autopay-'))
    local = LocalStripe('0', log_path=folder / 'localstripe.log')
    base = await local.start()
    assert local.process is not None
    # the card processor's stand-in runs on this machine only for the bench: at the lowest priority it takes the
    # cores the app, PostgreSQL and the simulated users leave, as a processor on its own servers would
    os.setpriority(os.PRIO_PROCESS, local.process.pid, 19)
    try:
        url = options.database_url or f'sqlite://{folder / "seed.sqlite3"}'
        postgres = url.startswith('postgres')
        print(f'Seeding {options.contacts:,} contacts with a saved card, consent and one invoice due today '
              f'({"PostgreSQL" if postgres else "SQLite"}), localstripe at {base} ...')
        seeded = await seed(url, base, options.contacts)
        alone_url = url if postgres else job_runs.copy_sqlite(url, folder, 'alone.sqlite3')
        served_url = url if postgres else job_runs.copy_sqlite(url, folder, 'served.sqlite3')
        stripe_cpu = cpu_seconds(local.process.pid)
        alone = await run_alone(alone_url, base)
        stripe_cpu = cpu_seconds(local.process.pid) - stripe_cpu
        done = max(alone['done'], 1)
        calls = sum(alone['calls'].values())
        print(f'1. The run alone: {alone["done"]:,} invoices charged ({alone["failed"]} failed, {alone["paid"]:,} '
              f'paid, {alone["payments"]:,} payments, {alone["receipts"]:,} receipts) in {alone["seconds"]:.1f} s '
              f'({alone["seconds"] / done * 1000:.1f} ms each); {calls:,} calls to the card processor '
              f'({calls / done:.2f} per invoice: {dict(alone["calls"])}); {alone["queries"]:,} SQL statements '
              f'({alone["queries"] / done:.1f} per invoice); localstripe used {stripe_cpu / done * 1000:.1f} ms of CPU '
              'per invoice')
        if postgres:  # the served round needs the data as it was before the run
            seeded = await seed(url, base, options.contacts)
        keys = await job_runs.add_sessions(served_url, seeded['session_person'], options.users)
        paths = ['/portal', '/portal/invoices', f'/portal/invoices/{seeded["invoice"]}']
        served = job_runs.Served(served_url, folder, CHARGE_AUTOMATICALLY,
                                 env={'STRIPE_API_BASE': base, 'STRIPE_WEBHOOK_SECRET': WEBHOOK_SECRET})
        try:
            await job_runs.browse(served, keys[:2], paths, time.perf_counter() + 5)  # warm up
            app_pid, stripe_pid = served.process.pid, local.process.pid
            before = time.perf_counter(), cpu_seconds(app_pid), cpu_seconds(stripe_pid)
            quiet = await job_runs.browse(served, keys, paths, time.perf_counter() + options.seconds)
            middle = time.perf_counter(), cpu_seconds(app_pid), cpu_seconds(stripe_pid)
            busy, status = await job_runs.during_run(served, keys, paths, options.seconds * 3)
            after = time.perf_counter(), cpu_seconds(app_pid), cpu_seconds(stripe_pid)
        finally:
            served.stop()
        print(f"2. Page loads, {options.users} users, a client's dashboard, invoices and an invoice:")
        print(f'   without the run: {job_runs.figures(quiet)}')
        measured = status.get('measured', {})
        print(f'   during the run:  {job_runs.figures(busy)} (meanwhile the run claimed {measured.get("sent", 0):,} '
              f'invoices)')
        print(f'   the whole run in the served app: {status.get("done", 0):,} invoices in '
              f'{status.get("seconds", 0):.1f} s')
        print(f'   p95 during / without: {job_runs.p95(busy) / job_runs.p95(quiet):.2f}x (goal: at most 1.3x)')
        for name, (start, end) in (('without the run', (before, middle)), ('during the run', (middle, after))):
            wall = end[0] - start[0]
            print(f'   CPU {name}: the app {(end[1] - start[1]) / wall:.0%} of a core, localstripe '
                  f'{(end[2] - start[2]) / wall:.0%}')
        log = served.log.read_text(errors='replace')
        if 'Traceback' in log:
            print('   the server log has tracebacks:', log[log.find('Traceback'):][:1500])
    finally:
        await local.stop()


if __name__ == '__main__':
    asyncio.run(main(parse()))
