"""Several app processes behind HAProxy: pages per second with one and two processes, and live fan-out across them.

    .venv/bin/python bench/cluster.py [--database-url postgres://...] [--seconds 20] [--concurrency 8]
                                      [--viewers 100] [--comments 20]

Needs PostgreSQL: --database-url, or TEST_POSTGRES_URL (a fresh database `portal_bench_cluster` is made on that
server and dropped afterwards). Processes start the way `make cluster` starts them (integrations/cluster.py), each
running app.py with bench/live_comments.py's extra route for posting the client's comment.

1. Pages per second: `--concurrency` simulated browsers open the staff page of an invoice over and over for
   `--seconds`: the page over HTTP through HAProxy, then its websocket (Socket.IO, as NiceGUI's script does), then
   they close it. Measured with 1 process, then with 2. Goal: 2 processes at least 1.6x one.
2. Live fan-out: `--viewers` staff pages on one invoice, pinned half to each process by HAProxy's cookie; the
   client posts `--comments` comments (through HAProxy, so to either process). The clock runs from the post until
   every viewer's websocket has the comment. Goal: 95th percentile under 150 ms.
The load generator runs on the same machine as the processes and takes CPU from them.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import statistics
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit
from uuid import uuid4

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT), str(ROOT / 'bench')]

import live_comments  # noqa: E402  (bench/ is not a package)

BENCH_DATABASE = 'portal_bench_cluster'


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--database-url', default='')
    parser.add_argument('--seconds', type=float, default=20)
    parser.add_argument('--concurrency', type=int, default=8)
    parser.add_argument('--viewers', type=int, default=100)
    parser.add_argument('--comments', type=int, default=20)
    return parser.parse_args()


async def admin(server_url: str, sql: str) -> None:
    import asyncpg
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def start_cluster(workers: int, port: int, folder: Path):
    import settings
    from integrations.cluster import Cluster
    os.environ.update({'PORT': str(port), 'HOST': '127.0.0.1', 'LOCALSTRIPE_PORT': 'off'})
    cluster = Cluster(settings.reload(), workers, command=('bench/live_comments.py', '--serve'))
    cluster.run_dir = folder / f'cluster-{workers}'
    cluster.prepare = lambda env: None  # seeded by this script
    cluster.start()
    return cluster


class PageFailed(Exception):
    pass


async def open_page(url: str, path: str, key: str, worker: str | None = None):
    """One browser tab: the page through HAProxy, then its websocket on the same process (HAProxy's cookie)."""
    import socketio
    cookies = {'staff_session': key, **({'portal_server': worker} if worker else {})}
    async with httpx.AsyncClient(base_url=url, timeout=60, cookies=cookies) as http:
        response = await http.get(path)
        if response.status_code != 200:  # e.g. 500 when a busy process misses NiceGUI's 3 s page deadline
            raise PageFailed(response.status_code)
        sticky = response.cookies.get('portal_server') or worker  # set by HAProxy when it picked the process
    client_id = re.search(r"'client_id': '([0-9a-f-]+)'", response.text).group(1)
    next_message_id = re.search(r"'next_message_id': (\d+)", response.text).group(1)
    query = {'client_id': client_id, 'next_message_id': next_message_id, 'implicit_handshake': 'true',
             'tab_id': str(uuid4()), 'document_id': str(uuid4())}
    sio = socketio.AsyncClient(reconnection=False)
    try:
        await sio.connect(f'{url}?{urlencode(query)}', socketio_path='/_nicegui_ws/socket.io',
                          transports=['websocket'], headers={'Cookie': f'staff_session={key}; portal_server={sticky}'})
    except socketio.exceptions.ConnectionError as error:  # the page gave up waiting for its websocket
        raise PageFailed('websocket') from error
    return sio, client_id


async def pages_per_second(url: str, seeded: dict, seconds: float, concurrency: int) -> tuple[float, int]:
    """Pages (with their websocket) served per second, and how many page loads failed."""
    path = f'/staff/invoices/{seeded["document_id"]}'
    keys = seeded['keys']
    done = failed = 0
    deadline = time.perf_counter() + seconds

    async def browser(n: int) -> None:
        nonlocal done, failed
        while time.perf_counter() < deadline:
            try:
                sio, _ = await open_page(url, path, keys[n % len(keys)])
            except PageFailed:
                failed += 1
                continue
            await sio.disconnect()
            done += 1
    for n in range(4):  # warm up
        try:
            sio, _ = await open_page(url, path, keys[n])
            await sio.disconnect()
        except PageFailed:
            pass
    deadline = time.perf_counter() + seconds
    started = time.perf_counter()
    await asyncio.gather(*(browser(n) for n in range(concurrency)))
    return done / (time.perf_counter() - started), failed


async def fan_out(url: str, seeded: dict, comments: int) -> list[float]:
    arrivals = live_comments.Arrivals()
    path = f'/staff/invoices/{seeded["document_id"]}'
    sockets = []
    workers: dict[str, str] = {}
    for n, key in enumerate(seeded['keys']):
        try:
            sio, client_id = await open_page(url, path, key, worker=f'app{n % 2 + 1}')
        except PageFailed:  # a busy machine: try once more
            sio, client_id = await open_page(url, path, key, worker=f'app{n % 2 + 1}')
        workers[client_id] = f'app{n % 2 + 1}'
        sio.on('update', lambda data, client_id=client_id: arrivals.seen(client_id, str(data)))
        sockets.append(sio)
    await asyncio.sleep(2)
    times = []
    async with httpx.AsyncClient(base_url=url, timeout=60) as http:
        for n in range(comments + 2):
            marker = f'Bench comment {n:03d} across processes'
            arrivals.expect(marker, len(sockets))
            start = time.perf_counter()
            response = await http.post('/bench/comment', params={
                'session_id': seeded['client_session_id'], 'document_id': seeded['document_id'], 'text': marker})
            assert response.status_code == 200, response.text
            try:
                await asyncio.wait_for(arrivals.done.wait(), timeout=30)
            except TimeoutError:
                late = [worker for client_id, worker in workers.items() if client_id not in arrivals.times]
                closed = sum(not sio.connected for sio in sockets)
                print(f'comment {n}: {len(late)} viewers still without it after 30 s '
                      f'({late.count("app1")} on app1, {late.count("app2")} on app2; {closed} simulated browsers '
                      f'lost their websocket, and they do not reconnect as a browser would)', flush=True)
                continue
            if n >= 2:
                times.append((max(arrivals.times.values()) - start) * 1000)
            await asyncio.sleep(0.6)
    for sio in sockets:
        await sio.disconnect()
    if not times:
        sys.exit('no comment reached every viewer')
    return times


def main() -> None:
    options = parse()
    server = options.database_url or os.environ.get('TEST_POSTGRES_URL', '')
    if not server.startswith(('postgres://', 'postgresql://')):
        sys.exit('needs PostgreSQL: --database-url postgres://... or TEST_POSTGRES_URL')
    own = not options.database_url
    parts = urlsplit(server)
    database_url = urlunsplit(('postgres', parts.netloc, f'/{BENCH_DATABASE}', '', '')) if own else server
    if own:
        asyncio.run(admin(server, f'DROP DATABASE IF EXISTS {BENCH_DATABASE}'))
        asyncio.run(admin(server, f'CREATE DATABASE {BENCH_DATABASE}'))
    folder = Path(tempfile.mkdtemp(prefix='bench-cluster-'))
    os.environ.update({'DATA_DIR': str(folder), 'DATABASE_URL': database_url,
                       'PORTAL_SECRET': os.environ.get('PORTAL_SECRET', 'bench-secret-not-for-production')})
    for name in ('SMTP_HOST', 'STRIPE_SECRET_KEY', 'STRIPE_API_BASE'):
        os.environ.pop(name, None)
    seeded = asyncio.run(live_comments.prepare(database_url, options.viewers))
    rates: dict[int, float] = {}
    spread: list[float] = []
    try:
        for workers in (1, 2):
            cluster = start_cluster(workers, live_comments.free_port(), folder)
            url = cluster.config.public_url
            try:
                rates[workers], failed = asyncio.run(pages_per_second(url, seeded, options.seconds,
                                                                      options.concurrency))
                print(f'{workers} process(es): {rates[workers]:.1f} pages/s (page + websocket, '
                      f'{options.concurrency} browsers at once, {options.seconds:.0f} s; {failed} page loads '
                      f'failed)', flush=True)
                if workers == 2:
                    spread = asyncio.run(fan_out(url, seeded, options.comments))
            finally:
                cluster.stop()
    finally:
        if own:
            asyncio.run(admin(server, f'DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)'))
    print(f'2 processes / 1 process: {rates[2] / rates[1]:.2f}x (goal: at least 1.6x; this machine has '
          f'{os.cpu_count()} cores, shared with the load generator)')
    p95 = statistics.quantiles(spread, n=20)[-1]
    print(f'live fan-out: {options.comments} comments to {options.viewers} viewers on 2 processes, from the post '
          f'until every viewer has it: median {statistics.median(spread):.1f} ms, 95th percentile {p95:.1f} ms '
          f'(goal: p95 under 150 ms)')


if __name__ == '__main__':
    main()
