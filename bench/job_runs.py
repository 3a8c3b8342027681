"""What bench/reminders.py, bench/autopay.py and bench/recurring.py share: seeding a database of contacts with a
person each and open invoices, counting SQL statements, and serving the app with a way to start one scheduled job's
run from outside while simulated users load pages.

`python bench/job_runs.py serve JOB` is the served app: app.py with POST /bench/remind (starts a run of JOB, a name
from domain/jobs/catalogue.py) and GET /bench/remind (whether it is still running, and its summary). Not a script to
run by hand; the benches start it through `Served`.
"""
from __future__ import annotations

import asyncio
import os
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
LANGUAGES = ('en', 'de', 'fr', 'es')


async def fresh_database(url: str) -> None:
    """Migrate an empty database (a PostgreSQL one's public schema is emptied first) and open Tortoise on it; the
    caller closes the connections."""
    from tortoise import Tortoise

    from integrations.database import migrate, tortoise_config
    if url.startswith('postgres'):
        import asyncpg
        connection = await asyncpg.connect(url.replace('postgres://', 'postgresql://', 1))
        await connection.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')
        await connection.close()
    await migrate(url)
    await Tortoise.init(config=tortoise_config(url))


async def contacts_with_people(count: int, fields: Callable[[int], dict] = lambda n: {}) -> list[int]:
    """A business and `count` contacts (with `fields(n)` for the n-th), each with one person with portal access, in
    the four languages in turn; the contacts' ids in order."""
    from domain.models import Business, Contact, ContactPerson, PortalAccess
    await Business.create(name='Bench Studio', email='bench@example.com')
    await Contact.bulk_create([Contact(display_name=f'Client {n:04d}', company_name=f'Client {n:04d}', **fields(n))
                               for n in range(count)], batch_size=500)
    contact_ids = sorted(await Contact.all().values_list('id', flat=True))
    await ContactPerson.bulk_create([
        ContactPerson(contact_id=contact_id, first_name=f'Person{n}', email=f'person{n}@client{n}.example',
                      is_primary=True, portal_access=PortalAccess.ACTIVE, language=LANGUAGES[n % 4])
        for n, contact_id in enumerate(contact_ids)], batch_size=500)
    return contact_ids


async def invoices(documents: list, last_number: int) -> None:
    """Store the invoices `documents` (unsaved), a line each, the number sequence after them, and the balances."""
    from decimal import Decimal

    from tortoise.transactions import in_transaction

    from domain.balances.rebuild import rebuild
    from domain.models import Document, DocumentLine, NumberSequence
    await Document.bulk_create(documents, batch_size=1000)
    ids = await Document.all().values_list('id', flat=True)
    await DocumentLine.bulk_create([DocumentLine(document_id=i, position=1, name='Services', quantity=Decimal(1),
                                                 rate=0, amount=0, tax_amount=0) for i in ids], batch_size=1000)
    await NumberSequence.create(name='INV', value=last_number)
    async with in_transaction():
        await rebuild()


async def portal_sessions(person_id: int, count: int) -> list[str]:
    """`count` signed-in portal sessions of one person; their cookie keys."""
    from domain import clock, tokens
    from domain.models import Session, SessionKind
    keys, now = [tokens.new_secret() for _ in range(count)], clock.now()
    await Session.bulk_create([Session(kind=SessionKind.PORTAL, person_id=person_id, key_hash=tokens.digest(key),
                                       created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
                               for key in keys])
    return keys


async def add_sessions(url: str, person_id: int, count: int) -> list[str]:
    from tortoise import Tortoise

    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config(url))
    try:
        return await portal_sessions(person_id, count)
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


async def timed_run(job: str) -> dict:
    """Run `job` as Run now starts it, in this process (Tortoise open): units done and failed, seconds taken and SQL
    statements run."""
    from domain.jobs.runner import run_job
    counted = Counted()
    started = time.perf_counter()
    try:
        summary = await run_job(job, process='bench')
    finally:
        counted.undo()
    return {'seconds': time.perf_counter() - started, 'queries': counted.count, 'done': summary.done,
            'failed': summary.failed}


def copy_sqlite(url: str, folder: Path, name: str) -> str:
    source = Path(url.removeprefix('sqlite://'))
    target = folder / name
    shutil.copy(source, target)
    return f'sqlite://{target}'


class Served:
    """The app on a free port with a way to start a run of `job` (see `serve`), with `env` added."""

    def __init__(self, url: str, folder: Path, job: str, *, env: dict | None = None) -> None:
        from live_comments import free_port
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.log = folder / 'server.log'
        env = {**os.environ, 'DATABASE_URL': url, 'PORT': str(self.port), 'DATA_DIR': str(folder),
               'PYTHONMALLOC': 'malloc', **(env or {})}
        with self.log.open('wb') as log:
            self.process = subprocess.Popen([sys.executable, str(ROOT / 'bench' / 'job_runs.py'), 'serve', job],
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


def serve(job: str) -> None:
    """app.py with a way to start a run of `job` from outside and see when it has finished."""
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

    async def run() -> None:
        from domain.jobs.runner import run_job
        started = time.perf_counter()
        state.update(running=True)
        try:
            summary = await run_job(job, process='bench')
            state.update(done=summary.done, failed=summary.failed)
        finally:
            state.update(running=False, seconds=time.perf_counter() - started)

    async def start() -> dict:
        state['task'] = asyncio.get_running_loop().create_task(run())
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


if __name__ in {'__main__', '__mp_main__'} and sys.argv[1:2] == ['serve']:
    serve(sys.argv[2])
