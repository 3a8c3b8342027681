"""How long the staff dashboard (figures, charts, activity) takes to build with 10,000 invoices, next to none.

    .venv/bin/python bench/staff_dashboard.py [--postgres postgres://postgres@127.0.0.1:5432/test] [--rounds 15]

The databases are seeded like `staff_invoice_list.py` (none, 25, and 10,000 invoices over two years in 300
contacts), plus one payment for each paid or partly paid invoice, so both charts have figures in every month. It
starts `app.py` on each database (all three at once, asked in turn, so the machine's busy spells hit each size
alike) and times a signed-in GET of `/staff`: the server runs every query of the page (tiles, ageing, twelve months,
activity) and builds the page before it answers. It also times the two chart
aggregates alone, in this process. Figures are medians.

Goal: with 10,000 invoices the dashboard builds within 2x of the empty one, and the two chart aggregates take
under 50 ms together; each chart is one SQL aggregate, so neither grows with rows loaded into Python.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import staff_invoice_list as base
from tortoise import Tortoise
from tortoise.backends.base import executor

from domain.actors import StaffActor
from domain.models import Document, Payment, PaymentMode
from domain.overview import charts as receivables_charts
from domain.overview import staff as dashboard_staff
from integrations import database

GOAL_RATIO = 2.0
GOAL_CHARTS_MS = 50.0


async def add_payments(url: str) -> int:
    executor.EXECUTOR_CACHE.clear()
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        rng = random.Random(11)
        rows = await Document.filter(amount_paid__gt=0).values('contact_id', 'issue_date', 'amount_paid')
        await Payment.bulk_create([Payment(contact_id=row['contact_id'], amount=row['amount_paid'], currency='USD',
                                           date=row['issue_date'] + base.timedelta(days=rng.randint(0, 40)),
                                           mode=PaymentMode.BANK_TRANSFER) for row in rows], batch_size=1000)
        return len(rows)
    finally:
        await Tortoise.close_connections()


async def time_domain(url: str, actor: StaffActor, rounds: int) -> dict[str, float]:
    executor.EXECUTOR_CACHE.clear()
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        result = {}
        for name, call in (('charts (2 aggregates)', lambda: receivables_charts.staff_charts(actor)),
                           ('figures and activity', lambda: dashboard_staff.staff_dashboard(actor))):
            await call()
            times = []
            for _ in range(rounds):
                start = time.perf_counter()
                await call()
                times.append(time.perf_counter() - start)
            result[name] = statistics.median(times) * 1000
        return result
    finally:
        await Tortoise.close_connections()


def start_server(url: str, data_dir: Path) -> tuple[subprocess.Popen, str]:
    port = base.free_port()
    env = {**base.os.environ, 'DATABASE_URL': url, 'PORT': str(port), 'DATA_DIR': str(data_dir)}
    log = (data_dir / f'server-{port}.log').open('wb')
    server = subprocess.Popen([sys.executable, 'app.py'], cwd=base.ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return server, f'http://127.0.0.1:{port}'


def time_pages(urls: dict[int, str], keys: dict[int, str], rounds: int, data_dir: Path) -> dict[int, float]:
    """One server per database, all running; the GETs go round the servers in turn, so a busy spell of the machine
    slows every size alike and the ratios stay fair. The first three rounds warm the servers up."""
    servers = {size: start_server(url, data_dir) for size, url in urls.items()}
    try:
        for server, address in servers.values():
            deadline = time.monotonic() + 90
            while True:
                try:
                    if httpx.get(f'{address}/healthz', timeout=1).status_code == 200:
                        break
                except httpx.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise RuntimeError(f'a server did not start, see the logs in {data_dir}')
                time.sleep(0.2)
        clients = {size: httpx.Client(base_url=address, cookies={'staff_session': keys[size]}, timeout=30)
                   for size, (_, address) in servers.items()}
        times: dict[int, list[float]] = {size: [] for size in urls}
        for attempt in range(rounds + 3):
            for size, client in clients.items():
                started = time.perf_counter()
                response = client.get('/staff')
                elapsed = time.perf_counter() - started
                if response.status_code != 200 or 'Receivables by age' not in response.text:
                    raise RuntimeError(f'/staff answered {response.status_code} with {size} invoices')
                if attempt >= 3:
                    times[size].append(elapsed)
        for client in clients.values():
            client.close()
        return {size: statistics.median(values) * 1000 for size, values in times.items()}
    finally:
        for server, _ in servers.values():
            server.terminate()
            server.wait(timeout=10)


def run(backend: str, urls: dict[int, str], rounds: int, data_dir: Path) -> bool:
    started = time.perf_counter()
    seeded = {size: asyncio.run(base.seed(url, size)) for size, url in urls.items()}
    payments = {size: asyncio.run(add_payments(url)) for size, url in urls.items()}
    print(f'\n{backend}: seeded {", ".join(f"{size:,} invoices ({payments[size]:,} payments)" for size in urls)} '
          f'in {time.perf_counter() - started:.1f} s', flush=True)
    pages = time_pages(urls, {size: key for size, (key, _) in seeded.items()}, rounds, data_dir)
    domain = {size: asyncio.run(time_domain(urls[size], actor, rounds)) for size, (_, actor) in seeded.items()}
    sizes = sorted(urls)
    print(f'{"median of " + str(rounds):<36}' + ''.join(f'{f"{size:,} inv.":>11}' for size in sizes)
          + f'{"10k/empty":>11}')
    print(f'{"page build, GET /staff":<36}' + ''.join(f'{pages[s]:>9.1f}ms' for s in sizes)
          + f'{pages[sizes[-1]] / pages[sizes[0]]:>10.2f}x')
    for name in domain[sizes[0]]:
        print(f'{name:<36}' + ''.join(f'{domain[s][name]:>9.1f}ms' for s in sizes)
              + f'{domain[sizes[-1]][name] / domain[sizes[0]][name]:>10.2f}x')
    ratio = pages[sizes[-1]] / pages[sizes[0]]
    charts = domain[sizes[-1]]['charts (2 aggregates)']
    within = ratio <= GOAL_RATIO and charts <= GOAL_CHARTS_MS
    print(f'goal: page 10k/empty <= {GOAL_RATIO:.1f}x ({ratio:.2f}x), charts with 10k <= {GOAL_CHARTS_MS:.0f} ms '
          f'({charts:.1f} ms): {"met" if within else "NOT met"}', flush=True)
    return within


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument('--postgres', default=base.os.environ.get('TEST_POSTGRES_URL', ''),
                        help='also measure on this PostgreSQL server (default: TEST_POSTGRES_URL)')
    parser.add_argument('--rounds', type=int, default=15)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix='bench-dashboard-') as folder:
        data_dir = Path(folder)
        run('SQLite', {size: f'sqlite://{data_dir / f"dashboard-{size}.sqlite3"}' for size in base.SIZES},
            args.rounds, data_dir)
        if args.postgres:
            try:
                run('PostgreSQL', asyncio.run(base.postgres_databases(args.postgres)), args.rounds, data_dir)
            finally:
                asyncio.run(base.drop_postgres(args.postgres))


if __name__ == '__main__':
    main()
