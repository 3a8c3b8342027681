"""A payment reminder run over 10,000 open invoices of 1,000 contacts: how long it takes, how many SQL statements it
runs, and how much slower page loads get while it runs in the same app process.

    .venv/bin/python bench/reminders.py [--users 6] [--seconds 20] [--database-url postgres://...]

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
`python bench/reminders.py serve` is the served app: app.py with POST /bench/remind (starts the run) and GET
/bench/remind (whether it is still running, and its summary).
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-reminders-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')
os.environ.setdefault('LOCALSTRIPE_PORT', 'off')
os.environ['JOBS_INTERVAL_SECONDS'] = '0'  # the run starts when the bench says

CONTACTS, PER_CONTACT = 1000, 10
LANGUAGES = ('en', 'de', 'fr', 'es')


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--users', type=int, default=6, help='simulated users loading pages at once')
    parser.add_argument('--seconds', type=float, default=20.0, help='length of the round without the run')
    parser.add_argument('--database-url', default='')
    return parser.parse_args()


async def seed(url: str) -> dict:
    """Migrate and fill the database; returns a portal session key and one of that client's invoices."""
    from tortoise import Tortoise
    from tortoise.transactions import in_transaction

    from domain import clock, tokens
    from domain.balances.rebuild import rebuild
    from domain.models import (
        Business,
        Contact,
        ContactPerson,
        Document,
        DocumentKind,
        DocumentLine,
        NumberSequence,
        PortalAccess,
        ReminderSchedule,
        Session,
        SessionKind,
    )
    from domain.reminders.rules import DEFAULT_DAYS, level_to_json
    from domain.reminders.schedule import default_level
    from integrations.database import migrate, tortoise_config
    if url.startswith('postgres'):
        import asyncpg
        connection = await asyncpg.connect(url.replace('postgres://', 'postgresql://', 1))
        await connection.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')
        await connection.close()
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))
    try:
        await Business.create(name='Bench Studio', email='bench@example.com')
        levels = [level_to_json(default_level(days)) for days in DEFAULT_DAYS]
        for stored in levels:
            if stored['days'] in (7, 30):
                stored['fee'] = {'kind': 'flat', 'amount': 2500, 'percent': '0', 'cap': 0}
        await ReminderSchedule.create(id=1, reminders_on=True, late_fees_on=True, levels=levels)
        await Contact.bulk_create([Contact(display_name=f'Client {n:04d}', company_name=f'Client {n:04d}')
                                   for n in range(CONTACTS)], batch_size=500)
        contact_ids = sorted(await Contact.all().values_list('id', flat=True))
        await ContactPerson.bulk_create([
            ContactPerson(contact_id=contact_id, first_name=f'Person{n}', email=f'person{n}@client{n}.example',
                          is_primary=True, portal_access=PortalAccess.ACTIVE, language=LANGUAGES[n % 4])
            for n, contact_id in enumerate(contact_ids)], batch_size=500)
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
        await Document.bulk_create(documents, batch_size=1000)
        ids = await Document.all().values_list('id', flat=True)
        await DocumentLine.bulk_create([DocumentLine(document_id=i, position=1, name='Services', quantity=Decimal(1),
                                                     rate=0, amount=0, tax_amount=0) for i in ids], batch_size=1000)
        await NumberSequence.create(name='INV', value=number)
        async with in_transaction():
            await rebuild()
        person = await ContactPerson.get(contact_id=contact_ids[0])
        key, now = tokens.new_secret(), clock.now()
        await Session.create(kind=SessionKind.PORTAL, person=person, key_hash=tokens.digest(key), created_at=now,
                             last_seen_at=now, expires_at=now + timedelta(hours=12))
        invoice = await Document.filter(contact_id=contact_ids[0]).order_by('id').first()
        return {'keys': [key], 'invoice': invoice.id if invoice else 0, 'session_person': person.id}
    finally:
        await Tortoise.close_connections()


async def add_sessions(url: str, person_id: int, count: int) -> list[str]:
    from tortoise import Tortoise

    from domain import clock, tokens
    from domain.models import Session, SessionKind
    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config(url))
    try:
        keys, now = [tokens.new_secret() for _ in range(count)], clock.now()
        await Session.bulk_create([Session(kind=SessionKind.PORTAL, person_id=person_id, key_hash=tokens.digest(key),
                                           created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
                                   for key in keys])
        return keys
    finally:
        await Tortoise.close_connections()


class Counted:
    """Counts the SQL statements every database client runs (the ORM's and the hand-written ones alike)."""

    def __init__(self) -> None:
        from tortoise.backends.base.client import BaseDBAsyncClient
        self.count = 0
        self.patched: list[tuple[type, str, object]] = []
        classes = {BaseDBAsyncClient, *self._subclasses(BaseDBAsyncClient)}
        for cls in classes:
            for name in ('execute_query', 'execute_insert', 'execute_many', 'execute_script', 'execute_query_dict'):
                if name in cls.__dict__:
                    self._wrap(cls, name)

    @staticmethod
    def _subclasses(base: type) -> set[type]:
        found = set(base.__subclasses__())
        return found.union(*(Counted._subclasses(sub) for sub in found)) if found else found

    def _wrap(self, cls: type, name: str) -> None:
        original = cls.__dict__[name]
        counter = self

        async def counted(client, *args, **kwargs):
            counter.count += 1
            return await original(client, *args, **kwargs)
        counted.__wrapped__ = original  # type: ignore[attr-defined]
        setattr(cls, name, counted)
        self.patched.append((cls, name, original))

    def undo(self) -> None:
        for cls, name, original in self.patched:
            setattr(cls, name, original)


async def run_alone(url: str) -> dict:
    from tortoise import Tortoise

    from domain.jobs.catalogue import SEND_REMINDERS
    from domain.jobs.runner import run_job
    from domain.models import LateFee, OutgoingMail, Reminder
    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config(url))
    try:
        counted = Counted()
        started = time.perf_counter()
        summary = await run_job(SEND_REMINDERS, process='bench')
        seconds = time.perf_counter() - started
        counted.undo()
        return {'seconds': seconds, 'queries': counted.count, 'done': summary.done, 'failed': summary.failed,
                'reminders': await Reminder.all().count(), 'fees': await LateFee.all().count(),
                'emails': await OutgoingMail.filter(kind='reminder').count()}
    finally:
        await Tortoise.close_connections()


def copy_sqlite(url: str, folder: Path, name: str) -> str:
    source = Path(url.removeprefix('sqlite://'))
    target = folder / name
    shutil.copy(source, target)
    return f'sqlite://{target}'


class Served:
    """`bench/SCRIPT serve` (by default this one's) as an app process on a free port, with `env` added."""

    def __init__(self, url: str, folder: Path, *, script: str = 'reminders.py', env: dict | None = None) -> None:
        from live_comments import free_port
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.log = folder / 'server.log'
        env = {**os.environ, 'DATABASE_URL': url, 'PORT': str(self.port), 'DATA_DIR': str(folder),
               'PYTHONMALLOC': 'malloc', **(env or {})}
        with self.log.open('wb') as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / 'bench' / script), 'serve'],
                                            cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f'{self.url}/healthz', timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                sys.exit(self.log.read_text())
            time.sleep(0.2)

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


async def browse(served: Served, keys: list[str], paths: list[str], until: asyncio.Event | float) -> list[float]:
    """Users clicking from page to page until `until` (a time or an event); each page load's milliseconds."""
    from load import Tab
    times: list[float] = []

    def going() -> bool:
        return not until.is_set() if isinstance(until, asyncio.Event) else time.perf_counter() < until

    async def user(key: str, offset: int) -> None:
        async with httpx.AsyncClient(base_url=served.url, timeout=30) as http:
            n, previous = offset, None
            while going():
                tab = Tab(served, http, key)  # type: ignore[arg-type]
                started = time.perf_counter()
                status = await tab.open(paths[n % len(paths)])
                if status == 200:
                    times.append((time.perf_counter() - started) * 1000)
                if previous is not None:
                    await previous.close()
                previous, n = tab, n + 1
            if previous is not None:
                await previous.close()
    await asyncio.gather(*(user(key, offset) for offset, key in enumerate(keys)))
    return times


async def during_run(served: Served, keys: list[str], paths: list[str], longest: float) -> tuple[list[float], dict]:
    """Page loads from the start of the run until it ends or `longest` seconds have passed (then the run finishes
    without the users); the run's status when it has finished."""
    done = asyncio.Event()
    status: dict = {}

    async def watch() -> None:
        deadline = time.perf_counter() + longest
        async with httpx.AsyncClient(base_url=served.url, timeout=30) as http:
            await http.post('/bench/remind')
            while True:
                await asyncio.sleep(0.5)
                status.update((await http.get('/bench/remind')).json())
                if time.perf_counter() > deadline and not done.is_set():
                    status['measured'] = dict(status)  # what the run had done while the users were there
                    done.set()
                if not status.get('running'):
                    status.setdefault('measured', dict(status))
                    done.set()
                    return
    times, _ = await asyncio.gather(browse(served, keys, paths, done), watch())
    return times, status


def figures(times: list[float]) -> str:
    if len(times) < 2:
        return f'{len(times)} loads'
    cuts = statistics.quantiles(times, n=100)
    return f'{len(times)} loads, p50 {statistics.median(times):.0f} ms, p95 {cuts[94]:.0f} ms'


def p95(times: list[float]) -> float:
    return statistics.quantiles(times, n=100)[94] if len(times) > 1 else float('nan')


async def main(options: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix='bench-reminders-'))
    url = options.database_url or f'sqlite://{folder / "seed.sqlite3"}'
    postgres = url.startswith('postgres')
    print(f'Seeding {CONTACTS:,} contacts with {CONTACTS * PER_CONTACT:,} open invoices '
          f'({"PostgreSQL" if postgres else "SQLite"}) ...')
    seeded = await seed(url)
    if not postgres:
        alone_url = copy_sqlite(url, folder, 'alone.sqlite3')
        served_url = copy_sqlite(url, folder, 'served.sqlite3')
    else:
        alone_url = served_url = url
    alone = await run_alone(alone_url)
    print(f'1. The run alone: {alone["done"]:,} reminders ({alone["failed"]} failed), {alone["fees"]:,} late fees, '
          f'{alone["emails"]:,} emails in {alone["seconds"]:.1f} s ({alone["seconds"] / max(alone["done"], 1) * 1000:.2f}'
          f' ms each); {alone["queries"]:,} SQL statements ({alone["queries"] / max(alone["done"], 1):.1f} per '
          'reminder)')
    if postgres:  # the served round needs the data as it was before the run
        seeded = await seed(url)
    keys = await add_sessions(served_url, seeded['session_person'], options.users)
    paths = ['/portal', '/portal/invoices', f'/portal/invoices/{seeded["invoice"]}']
    served = Served(served_url, folder)
    try:
        await browse(served, keys[:2], paths, time.perf_counter() + 5)  # warm up
        quiet = await browse(served, keys, paths, time.perf_counter() + options.seconds)
        busy, status = await during_run(served, keys, paths, options.seconds * 3)
    finally:
        served.stop()
    print(f"2. Page loads, {options.users} users, a client's dashboard, invoices and an invoice:")
    print(f'   without the run: {figures(quiet)}')
    measured = status.get('measured', {})
    print(f'   during the run:  {figures(busy)} (meanwhile the run sent {measured.get("sent", 0):,} reminders; a '
          f'reminder took p50 {measured.get("unit_p50", 0):.1f} ms, p95 {measured.get("unit_p95", 0):.1f} ms from '
          'its claim to its commit)')
    print(f'   the whole run in the served app: {status.get("done", 0):,} reminders in {status.get("seconds", 0):.1f} s')
    print(f'   p95 during / without: {p95(busy) / p95(quiet):.2f}x (goal: at most 1.3x)')
    log = served.log.read_text(errors='replace')
    if 'Traceback' in log:
        print('   the server log has tracebacks:', log[log.find('Traceback'):][:1500])


def serve(job: str = '') -> None:
    """app.py with a way to start a run of `job` (Send payment reminders unless told) from outside and see when it
    has finished."""
    import runpy

    from nicegui import app

    from domain.jobs import runner

    state: dict = {'running': False}
    units: list[float] = []  # each unit's wall time in the served run (claim, work and commit), in ms
    unit = runner._do_unit

    async def timed_unit(*args, **kwargs):
        started = time.perf_counter()
        try:
            return await unit(*args, **kwargs)
        finally:
            units.append((time.perf_counter() - started) * 1000)
    runner._do_unit = timed_unit  # type: ignore[assignment]

    async def run_reminders() -> None:
        from domain.jobs.catalogue import SEND_REMINDERS
        from domain.jobs.runner import run_job
        started = time.perf_counter()
        state.update(running=True)
        try:
            summary = await run_job(job or SEND_REMINDERS, process='bench')
            state.update(done=summary.done, failed=summary.failed)
        finally:
            state.update(running=False, seconds=time.perf_counter() - started)

    async def start() -> dict:
        state['task'] = asyncio.get_running_loop().create_task(run_reminders())
        state['running'] = True
        return {'started': True}

    async def status() -> dict:
        cuts = statistics.quantiles(units, n=100) if len(units) > 1 else [0.0] * 99
        return {**{key: value for key, value in state.items() if key != 'task'}, 'sent': len(units),
                'unit_p50': statistics.median(units) if units else 0.0, 'unit_p95': cuts[94]}

    app.add_api_route('/bench/remind', start, methods=['POST'])
    app.add_api_route('/bench/remind', status, methods=['GET'])
    os.chdir(ROOT)
    runpy.run_path(str(ROOT / 'app.py'), run_name='__main__')


if __name__ in {'__main__', '__mp_main__'}:
    if sys.argv[1:2] == ['serve']:
        serve()
    else:
        asyncio.run(main(parse()))
