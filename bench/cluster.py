"""Several app processes behind HAProxy: pages per second with one, two (and three) processes, and live fan-out.

    .venv/bin/python bench/cluster.py [--database-url postgres://...] [--seconds 20] [--concurrency 8]
                                      [--viewers 100] [--comments 20] [--cpu-quota 0.4] [--processes 1,2,3]

Needs PostgreSQL: --database-url, or TEST_POSTGRES_URL (a fresh database `portal_bench_cluster` is made on that
server and dropped afterwards). Processes start the way `make cluster` starts them (integrations/cluster.py), each
running app.py with bench/live_comments.py's extra route for posting the client's comment.

1. Pages per second: `--concurrency` simulated browsers open the staff page of an invoice over and over for
   `--seconds`: the page over HTTP through HAProxy, then its websocket's handshake (Engine.IO and Socket.IO, as
   NiceGUI's script does), then they close it. Measured with each of `--processes` (default 1 and 2). Goal: 2
   processes at least 1.6x one. Printed with the CPU that each app process, HAProxy, PostgreSQL (its backends
   serving the bench database, when it runs on this machine) and the load generator used meanwhile, and how busy
   the machine was.
2. Live fan-out (when 2 processes are measured, without a quota): `--viewers` staff pages on one invoice, pinned
   half to each process by HAProxy's cookie; the client posts `--comments` comments (through HAProxy, so to either
   process). The clock runs from the post until every viewer's websocket has the comment. Goal: p95 under 150 ms.
The load generator runs on the same machine as the processes and takes CPU from them. `--cpu-quota 0.4` puts each
app process in its own CPU cgroup limited to 0.4 of a core (bench/cpu_quota.py; needs root and cgroup v1), so the
load generator, HAProxy and PostgreSQL keep the rest: processes 1,2,3 by default, goals 1.8x and 2.6x one process.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import re
import signal
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

import cpu_quota  # noqa: E402  (bench/ is not a package)
import live_comments  # noqa: E402

BENCH_DATABASE = 'portal_bench_cluster'


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--database-url', default='')
    parser.add_argument('--seconds', type=float, default=20)
    parser.add_argument('--concurrency', type=int, default=0, help='simulated browsers (default: 8, or 4 per '
                        'process of the largest count with --cpu-quota)')
    parser.add_argument('--viewers', type=int, default=100)
    parser.add_argument('--comments', type=int, default=20)
    parser.add_argument('--cpu-quota', type=float, default=0, help='each app process gets this fraction of a core')
    parser.add_argument('--processes', default='', help='process counts to compare (default: 1,2, or 1,2,3 with '
                        '--cpu-quota)')
    options = parser.parse_args()
    options.counts = [int(n) for n in (options.processes or ('1,2,3' if options.cpu_quota else '1,2')).split(',')]
    options.concurrency = options.concurrency or (4 * max(options.counts) if options.cpu_quota else 8)
    return options


async def admin(server_url: str, sql: str) -> None:
    import asyncpg
    connection = await asyncpg.connect(server_url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


def make_cluster(workers: int, port: int, folder: Path, groups: cpu_quota.Groups | None):
    import settings
    from integrations.cluster import Cluster
    os.environ.update({'PORT': str(port), 'HOST': '127.0.0.1', 'LOCALSTRIPE_PORT': 'off'})
    cluster = Cluster(settings.reload(), workers, command=('bench/live_comments.py', '--serve'))
    cluster.run_dir = folder / f'cluster-{workers}'
    cluster.prepare = lambda env: None  # seeded by this script
    if groups is not None:
        cluster.on_start = lambda name, process: groups.add(process.pid)
    return cluster


class PageFailed(Exception):
    pass


CLIENT_ID = re.compile(r"'client_id': '([0-9a-f-]+)'")
NEXT_MESSAGE_ID = re.compile(r"'next_message_id': (\d+)")


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


async def load_page(http: httpx.AsyncClient, path: str, key: str) -> None:
    """One page load as the browser makes it, on a lean path (one HTTP client per simulated browser, a bare
    websocket) so that the load generator costs little CPU: the page through HAProxy, then on the process that built
    it (HAProxy's cookie) the websocket's Engine.IO opening and Socket.IO connection, which NiceGUI answers once the
    page is attached to it; then the tab closes."""
    from websockets.asyncio.client import connect
    from websockets.exceptions import WebSocketException
    http.cookies.clear()  # no stickiness between page loads: HAProxy chooses a process for each
    response = await http.get(path, headers={'Cookie': f'staff_session={key}'})
    if response.status_code != 200:  # e.g. 500 when a busy process misses NiceGUI's 3 s page deadline
        raise PageFailed(response.status_code)
    query = {'client_id': CLIENT_ID.search(response.text).group(1), 'tab_id': str(uuid4()),
             'next_message_id': NEXT_MESSAGE_ID.search(response.text).group(1), 'implicit_handshake': 'true',
             'document_id': str(uuid4()), 'EIO': '4', 'transport': 'websocket'}
    address = f'{str(http.base_url).replace("http", "ws", 1).rstrip("/")}/_nicegui_ws/socket.io/?{urlencode(query)}'
    cookie = f'staff_session={key}; portal_server={response.cookies.get("portal_server")}'
    try:
        async with connect(address, additional_headers={'Cookie': cookie}, compression=None, open_timeout=60) as ws:
            await ws.recv()  # Engine.IO's opening
            await ws.send('40')  # Socket.IO: connect
            while not (answer := await ws.recv()).startswith('40'):
                if answer.startswith('44'):
                    raise PageFailed('websocket refused')
            await ws.send('41')
    except (OSError, WebSocketException) as error:  # refused, or closed before it connected
        raise PageFailed('websocket') from error


async def pages_per_second(cluster, groups: cpu_quota.Groups | None, seeded: dict, seconds: float,
                           concurrency: int) -> dict:
    """Pages (with their websocket) served per second, failed page loads, and the CPU used meanwhile."""
    path = f'/staff/invoices/{seeded["document_id"]}'
    keys = seeded['keys']
    done = failed = 0

    async def browser(n: int, http: httpx.AsyncClient) -> None:
        nonlocal done, failed
        while time.perf_counter() < deadline:
            try:
                await load_page(http, path, keys[n % len(keys)])
                done += 1
            except PageFailed:
                failed += 1
    clients = [httpx.AsyncClient(base_url=cluster.config.public_url, timeout=60) for _ in range(concurrency)]
    try:
        for n in range(2 * cluster.workers):  # warm up every process
            try:
                await load_page(clients[0], path, keys[n])
            except PageFailed:
                pass
        pids = {name: app.pid for name, app in cluster.apps.items()}
        database = urlsplit(cluster.config.database_url).path.lstrip('/')
        before = cpu_quota.snapshot(pids, cluster.haproxy.pid, database, groups)
        deadline = time.perf_counter() + seconds
        await asyncio.gather(*(browser(n, http) for n, http in enumerate(clients)))
        after = cpu_quota.snapshot(pids, cluster.haproxy.pid, database, groups)
    finally:
        for http in clients:
            await http.aclose()
    return {'rate': done / (after['wall'] - before['wall']), 'failed': failed, 'before': before, 'after': after}


def report(workers: int, measured: dict, one: float, options: argparse.Namespace) -> None:
    before, after = measured['before'], measured['after']
    wall = after['wall'] - before['wall']

    def cores(key: str) -> float:
        return (after[key] - before[key]) / wall
    quota = f' at {options.cpu_quota:g} core each' if options.cpu_quota else ''
    print(f'{workers} process(es){quota}: {measured["rate"]:.1f} pages/s, {measured["rate"] / one:.2f}x one process '
          f'(page + websocket, {options.concurrency} browsers at once, {wall:.0f} s; {measured["failed"]} page loads '
          f'failed)', flush=True)
    apps = []
    for name in after['apps']:
        used = f'{name} {(after["apps"][name] - before["apps"][name]) / wall:.2f} core'
        if after['throttling']:
            throttled = after['throttling'][name] - before['throttling'][name]
            used += (f' (throttled in {throttled.throttled / max(throttled.periods, 1):.0%} of its '
                     f'{throttled.periods} periods, {throttled.throttled_seconds:.1f} s)')
        apps.append(used)
    print(f'  app processes: {", ".join(apps)}', flush=True)
    print(f'  HAProxy {cores("haproxy"):.2f} core, PostgreSQL {cores("postgres"):.2f} core (its connections to the bench '
          f'database), load generator '
          f'{cores("load"):.2f} core (one Python process: 1 core at most); the machine {cores("machine"):.2f} of '
          f'{os.cpu_count()} cores busy', flush=True)
    throttled = [after['throttling'][name] - before['throttling'][name] for name in after['throttling']]
    if throttled and all(t.throttled > 0.5 * t.periods for t in throttled):
        limit = 'the quota (every process used its share)'
    elif cores('load') > 0.9:
        limit = 'the load generator (a whole core)'
    elif cores('machine') > 0.9 * (os.cpu_count() or 1):
        limit = "the machine's cores (all busy)"
    else:
        limit = 'neither the quota nor the cores: waiting on PostgreSQL or HAProxy, or too few browsers'
    print(f'  limited by {limit}', flush=True)


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
    if options.cpu_quota:
        try:
            cpu_quota.check()
        except cpu_quota.QuotaUnavailable as error:
            sys.exit(str(error))
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
    signal.signal(signal.SIGTERM, lambda *_: sys.exit('stopped'))  # clean up as after Ctrl-C
    rates: dict[int, float] = {}
    spread: list[float] = []
    try:
        for workers in options.counts:
            groups = cpu_quota.Groups(options.cpu_quota) if options.cpu_quota else None
            cluster = make_cluster(workers, live_comments.free_port(), folder, groups)
            try:
                cluster.start()
                measured = asyncio.run(pages_per_second(cluster, groups, seeded, options.seconds,
                                                        options.concurrency))
                rates[workers] = measured['rate']
                report(workers, measured, rates[options.counts[0]], options)
                if workers == 2 and not options.cpu_quota:
                    spread = asyncio.run(fan_out(cluster.config.public_url, seeded, options.comments))
            finally:
                cluster.stop()
                if groups is not None:
                    groups.remove_all()
    finally:
        if own:
            asyncio.run(admin(server, f'DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)'))
    goals = {2: 1.8, 3: 2.6} if options.cpu_quota else {2: 1.6}
    first = options.counts[0]
    for workers in options.counts[1:]:
        goal = f'goal: at least {goals[workers]}x' if workers in goals and first == 1 else 'no goal'
        print(f'{workers} processes / {first}: {rates[workers] / rates[first]:.2f}x ({goal}; this machine has '
              f'{os.cpu_count()} cores, shared with HAProxy, PostgreSQL and the load generator)')
    if spread:
        p95 = statistics.quantiles(spread, n=20)[-1]
        print(f'live fan-out: {options.comments} comments to {options.viewers} viewers on 2 processes, from the '
              f'post until every viewer has it: median {statistics.median(spread):.1f} ms, 95th percentile '
              f'{p95:.1f} ms (goal: p95 under 150 ms)')


if __name__ == '__main__':
    main()
