"""How many people one portal process serves at once, next to an empty NiceGUI app measured in the same run.

    .venv/bin/python bench/load.py [--users 10,25,50] [--seconds 20] [--burst] [--tabs 500] [--database-url URL]

Seeds the demo data into a fresh database (SQLite in a temporary folder unless --database-url names another, e.g.
a PostgreSQL database, which is emptied first) and gives the demo client one signed-in session per simulated user.
Then it serves app.py (bench/load_server.py app) and, on another port, an empty NiceGUI page (bench/load_server.py
empty), each as its own process. K simulated users per round, each a browser tab: it loads a page over HTTP with
the session cookie, then connects the page's websocket (Socket.IO, as NiceGUI's own script does); the page load
counts as done when the websocket handshake is answered; then it moves on (closing the socket, as navigation
does): dashboard -> invoices -> an invoice -> dashboard ... until the round's time is up. The empty app gets the
same K users looping over its one page.

Printed for each K and both servers: pages/s, p50 and p95 of a page load, errors (anything but a 200 page whose
websocket connected; a 503 from overload is counted apart as 'shed'), the server's RSS before, at the peak and
after the round (every tab closed), right after and 15 s after the round's users stop (against the RSS after the
warm-up; goal <= 1.25x), the longest garbage-collection pause and the longest event-loop lag; and the
ratio portal / empty for pages/s. Before the rounds each server is warmed up by 10 users for 5 s (caches fill and the
heaps grow once to what that many need; its RSS after start-up and after the warm-up are printed), so that 'before'
and 'after' of a round show what a busy spell leaves behind.
--burst: 10 users load pages for a baseline, then 20 sign-ins arrive at once (the real use case, bcrypt included);
prints the other users' p50/p95 during the burst next to the baseline.
--tabs N: opens N tabs and keeps them open, prints RSS per tab, checks they are all still connected, closes them.
"""
from __future__ import annotations

import argparse
import asyncio
import multiprocessing
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlencode
from uuid import uuid4

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
from live_comments import free_port  # noqa: E402

if TYPE_CHECKING:
    from multiprocessing.sharedctypes import Synchronized

CLIENT_RE = re.compile(r"'client_id': '([0-9a-f-]+)'")
MESSAGE_RE = re.compile(r"'next_message_id': (\d+)")


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--users', default='10,25,50', help='comma-separated numbers of simultaneous users')
    parser.add_argument('--seconds', type=float, default=20.0, help='length of each round')
    parser.add_argument('--burst', action='store_true', help='also measure a burst of 20 sign-ins')
    parser.add_argument('--tabs', type=int, default=0, help='also hold this many tabs open at once')
    parser.add_argument('--processes', type=int, default=4, help='simulated users are spread over this many '
                        'processes, so that the simulation does not become the bottleneck')
    parser.add_argument('--skip-empty', action='store_true', help='do not measure the empty app')
    parser.add_argument('--before', default='', help='a checkout of an earlier version (e.g. from `git archive`) '
                        'to serve and measure in the same run as "before"')
    parser.add_argument('--database-url', default=os.environ.get('BENCH_DATABASE_URL', ''))
    parser.add_argument('--profile', default='', help='write a cProfile of the portal event-loop thread during '
                        'the rounds to this file (read it with `python -m pstats FILE`)')
    return parser.parse_args()


async def prepare(database_url: str, sessions: int) -> dict:
    """Demo data, `sessions` session keys of the demo client, and the id of one of its invoices."""
    from tortoise import Tortoise

    from domain import clock, tokens
    from domain.models import ContactPerson, Document, DocumentKind, Session, SessionKind
    from domain.overview import demo
    from integrations.database import migrate, tortoise_config
    if database_url.startswith('postgres'):
        await _empty_postgres(database_url)
    await migrate(database_url)
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        await demo.seed()
        person = await ContactPerson.get(email=demo.CLIENT_EMAIL)
        now = clock.now()
        keys = [tokens.new_secret() for _ in range(sessions)]
        await Session.bulk_create([
            Session(kind=SessionKind.PORTAL, person=person, key_hash=tokens.digest(key), created_at=now,
                    last_seen_at=now, expires_at=now + timedelta(hours=12)) for key in keys])
        invoice = await Document.filter(contact_id=person.contact_id, kind=DocumentKind.INVOICE,
                                        sent_at__isnull=False).first()
        return {'keys': keys, 'invoice': invoice.id}
    finally:
        await Tortoise.close_connections()


async def _empty_postgres(url: str) -> None:
    import asyncpg
    connection = await asyncpg.connect(url.replace('postgres://', 'postgresql://', 1))
    try:
        await connection.execute('DROP SCHEMA public CASCADE; CREATE SCHEMA public')
    finally:
        await connection.close()


class Server:
    def __init__(self, kind: str, env: dict[str, str], folder: Path, root: Path = ROOT) -> None:
        self.port = free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.log_path = folder / f'{kind}{"" if root == ROOT else "-before"}.log'
        if not (root / 'bench' / 'load_server.py').exists():
            shutil.copy(ROOT / 'bench' / 'load_server.py', root / 'bench' / 'load_server.py')
        with self.log_path.open('wb') as log:
            malloc = {'PYTHONMALLOC': 'malloc'} if kind == 'app' and root == ROOT else {}  # as `make run` serves it
            self.process = subprocess.Popen([sys.executable, str(root / 'bench' / 'load_server.py'), kind], cwd=root,
                                            env={**env, 'PORT': str(self.port), **malloc}, stdout=log,
                                            stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f'{self.url}/bench/stats', timeout=1).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if time.monotonic() > deadline or self.process.poll() is not None:
                self.stop()
                sys.exit(self.log_path.read_text())
            time.sleep(0.2)

    def rss(self) -> float:
        for line in Path(f'/proc/{self.process.pid}/status').read_text().splitlines():
            if line.startswith('VmRSS:'):
                return int(line.split()[1]) / 1024
        return 0.0

    def cpu(self) -> float:
        """CPU seconds the server process has used (all its threads): a cost per page that other people's work on
        a shared machine does not distort."""
        fields = Path(f'/proc/{self.process.pid}/stat').read_text().rsplit(')', 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf('SC_CLK_TCK')

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=20)
        log = self.log_path.read_text(errors='replace')
        if 'Traceback' in log or 'ERROR' in log:
            start = log.find('Traceback') if 'Traceback' in log else log.find('ERROR')
            print(f'\n{self.log_path.stem} server log: {log.count("Traceback")} tracebacks, {log.count("ERROR")} '
                  f'ERROR lines; the first:\n{log[max(0, start - 300):start + 1500]}')


class Tab:
    """One browser tab: the page over HTTP, then its websocket."""

    def __init__(self, server: Server, http: httpx.AsyncClient, key: str) -> None:
        self.server, self.http, self.key = server, http, key
        self.socket = None

    async def open(self, path: str) -> int:
        """Load the page and connect its websocket; the HTTP status (200 only when the websocket connected)."""
        import socketio
        response = await self.http.get(path, cookies={'portal_session': self.key} if self.key else None)
        if response.status_code != 200 or 'not ready after' in response.text:
            return response.status_code if response.status_code != 200 else 500
        self.client_id = CLIENT_RE.search(response.text).group(1)
        query = {'client_id': self.client_id,
                 'next_message_id': MESSAGE_RE.search(response.text).group(1), 'implicit_handshake': 'true',
                 'tab_id': str(uuid4()), 'document_id': str(uuid4())}
        self.socket = socketio.AsyncClient(reconnection=False)
        self.socket.on('run_javascript', self._answer)
        await self.socket.connect(f'{self.server.url}?{urlencode(query)}', socketio_path='/_nicegui_ws/socket.io',
                                  transports=['websocket'], wait_timeout=10,
                                  headers={'Cookie': f'portal_session={self.key}'} if self.key else {})
        return 200

    async def _answer(self, message: dict) -> None:
        """Answer the page's questions as a wide desktop browser would (NiceGUI asks if the drawer is open)."""
        if message.get('request_id') and self.socket is not None and self.socket.connected:
            await self.socket.emit('javascript_response', {'request_id': message['request_id'],
                                                           'client_id': self.client_id,
                                                           'result': '__IS_DRAWER_OPEN__' in message['code'] or None})

    async def close(self) -> None:
        if self.socket is not None:
            await self.socket.disconnect()
            self.socket = None


class Round:
    def __init__(self) -> None:
        self.times: list[float] = []
        self.started: list[float] = []  # when each of those page loads began (the system's monotonic clock)
        self.statuses: dict[str, int] = {}
        self.peak = 0.0

    def note(self, started: float, status: int | str) -> None:
        if status == 200:
            self.times.append((time.perf_counter() - started) * 1000)
            self.started.append(started)
        else:
            self.statuses[str(status)] = self.statuses.get(str(status), 0) + 1


async def user(server: Server, key: str, paths: list[str], until: float | Synchronized, result: Round) -> None:
    """One person clicking from page to page: the old tab's websocket closes once the next page has arrived."""
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        n, previous = 0, None
        while time.perf_counter() < (until if isinstance(until, float) else until.value):
            tab = Tab(server, http, key)
            started = time.perf_counter()
            try:
                status = await tab.open(paths[n % len(paths)])
            except Exception as error:  # a refused or broken connection is an error the user sees
                status = type(error).__name__
            result.note(started, status)
            if previous is not None:
                await previous.close()
            previous = tab
            if status == 503:
                await asyncio.sleep(1)  # a person reading the busy page
            n += 1
        if previous is not None:
            await previous.close()


PROCESSES = [4]
WARM: dict[str, float] = {}  # each server's RSS after its warm-up (MiB), by name


def users_in_processes(server: Server, keys: list[str], paths: list[str], *, seconds: float, processes: int,
                       result: Round, stop: threading.Event | None = None) -> float:
    """Run the users in several processes, so the simulation keeps up with the server; gather their page times into
    `result`. The clock starts once every process is ready; returns the seconds the round took."""
    context = multiprocessing.get_context('spawn')
    queue, start, until = context.Queue(), context.Event(), context.Value('d', 0.0)
    groups = [keys[n::processes] for n in range(processes) if keys[n::processes]]
    workers = [context.Process(target=_users, args=(server.url, group, paths),
                               kwargs={'queue': queue, 'start': start, 'until': until}) for group in groups]
    for worker in workers:
        worker.start()
    for _ in workers:
        assert queue.get() == 'ready'
    started = time.perf_counter()  # CLOCK_MONOTONIC: the same clock in every process
    until.value = started + seconds
    start.set()
    if stop is not None:  # end the round early (the workers read `until` before each page)
        while not stop.wait(0.2) and time.perf_counter() < until.value:
            pass
        until.value = min(until.value, time.perf_counter())
    for _ in workers:
        times, started_at, statuses = queue.get()
        result.times.extend(times)
        result.started.extend(started_at)
        for status, count in statuses.items():
            result.statuses[status] = result.statuses.get(status, 0) + count
    for worker in workers:
        worker.join()
    return time.perf_counter() - started


def _users(url: str, keys: list[str], paths: list[str], *, queue, start, until) -> None:
    import socketio  # noqa: F401  (imported before the clock starts)
    server = Server.__new__(Server)
    server.url = url
    result = Round()
    queue.put('ready')
    start.wait()

    async def run() -> None:
        await asyncio.gather(*(user(server, key, paths, until, result) for key in keys))
    asyncio.run(run())
    queue.put((result.times, result.started, result.statuses))


async def sample_rss(server: Server, result: Round, stop: asyncio.Event) -> None:
    while not stop.is_set():
        result.peak = max(result.peak, server.rss())
        await asyncio.sleep(0.25)


async def settle(server: Server, http: httpx.AsyncClient, clients: int, limit: float = 20) -> None:
    """Wait until the server has dropped the pages of closed tabs (NiceGUI waits reconnect_timeout first)."""
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if (await http.get('/bench/stats')).json()['clients'] <= clients:
            break
        await asyncio.sleep(0.5)
    await asyncio.sleep(11)  # the portal runs its full garbage collection within 10 s of a quiet moment


LATER = 15.0  # seconds after a round's users stop: the RSS then, against the RSS after the warm-up (goal <= 1.25x)


async def rss_at(server: Server, when: float) -> float:
    await asyncio.sleep(max(0.0, when - time.monotonic()))
    return server.rss()


async def run_round(server: Server, keys: list[str], paths: list[str], seconds: float) -> dict:
    async with httpx.AsyncClient(base_url=server.url, timeout=30) as http:
        idle_clients = (await http.get('/bench/stats')).json()['clients']
        before = server.rss()
        await http.post('/bench/reset')
        result, stop = Round(), asyncio.Event()
        sampler = asyncio.create_task(sample_rss(server, result, stop))
        cpu = server.cpu()
        elapsed = await asyncio.to_thread(lambda: users_in_processes(server, keys, paths, seconds=seconds,
                                                                     processes=PROCESSES[0], result=result))
        cpu = server.cpu() - cpu
        ended, right_after = time.monotonic(), server.rss()
        stop.set()
        await sampler
        later = asyncio.create_task(rss_at(server, ended + LATER))
        await settle(server, http, idle_clients)
        stats = (await http.get('/bench/stats')).json()
        rss_later = await later
    times = sorted(result.times) or [0.0]
    return {'pages_s': len(result.times) / elapsed, 'cpu_ms': cpu * 1000 / max(len(result.times), 1), 'p50': statistics.median(times),
            'p95': times[int(0.95 * (len(times) - 1))], 'statuses': result.statuses, 'pages': len(result.times),
            'rss': (before, result.peak, server.rss()), 'right_after': right_after, 'later': rss_later,
            'gc_max': stats['gc_max_ms'], 'gc_cpu': stats['gc_cpu_max_ms'],
            'lag': stats['loop_lag_max_ms'], 'gc': stats['gc']}


def show(name: str, k: int, r: dict) -> None:
    errors = sum(v for s, v in r['statuses'].items() if s != '503')
    before, peak, after = r['rss']
    print(f'{name:<7} K={k:<3} {r["pages_s"]:6.1f} pages/s  CPU {r["cpu_ms"]:5.1f} ms/page  p50 {r["p50"]:6.0f} ms  p95 {r["p95"]:6.0f} ms  '
          f'errors {errors:<3} shed(503) {r["statuses"].get("503", 0):<4} RSS {before:5.0f} -> {peak:5.0f} -> '
          f'{after:5.0f} MiB (after/before {after / before:4.2f})  '
          f'GC {sum(g["total_ms"] for g in r["gc"].values()) / max(r["pages"], 1):4.2f} ms/page, max {r["gc_max"]:5.1f} ms '
          f'(CPU {r["gc_cpu"]:5.1f} ms, {sum(g["count"] for g in r["gc"].values())} runs; young max '
          f'{max(r["gc"]["0"]["max_ms"], r["gc"]["1"]["max_ms"]):5.1f} ms, {r["gc"]["2"]["count"]} full max '
          f'{r["gc"]["2"]["max_ms"]:5.1f} ms)  '
          f'loop lag max {r["lag"]:6.0f} ms')
    if warm := WARM.get(name):
        print(f'        RSS right after the load {r["right_after"]:5.0f} MiB, {LATER:.0f} s after {r["later"]:5.0f} MiB '
              f'= {r["later"] / warm:4.2f}x the {warm:.0f} MiB after the warm-up (goal <= 1.25)')
    if errors:
        print(f'        failures: {r["statuses"]}')


async def burst(server: Server, keys: list[str], paths: list[str], seconds: float) -> None:
    """10 users load pages (in their own processes, as in the rounds) while 20 sign-ins arrive at once."""
    from domain.overview import demo
    baseline = await run_round(server, keys[:10], paths, seconds)
    result, durations = Round(), []
    async with httpx.AsyncClient(base_url=server.url, timeout=180) as http:
        async def one() -> None:
            response = await http.post('/bench/sign-in', params={'email': demo.CLIENT_EMAIL,
                                                                   'password': demo.CLIENT_PASSWORD})
            assert response.status_code == 200, response.text
            durations.append(response.json()['ms'])
        done = threading.Event()
        users = asyncio.create_task(asyncio.to_thread(lambda: users_in_processes(
            server, keys[:10], paths, seconds=seconds + 120, processes=PROCESSES[0], result=result, stop=done)))
        await asyncio.sleep(3)  # the users are under way
        started = time.perf_counter()
        await asyncio.gather(*(one() for _ in range(20)))
        ended = time.perf_counter()
        done.set()
        await users
    during = sorted(t for t, s in zip(result.times, result.started, strict=True) if started <= s <= ended) or [0.0]
    p95 = during[int(0.95 * (len(during) - 1))]
    took = ended - started
    print(f'\nsign-in burst: 20 sign-ins at once took {took:.1f} s ({20 / took:.1f}/s; each '
          f'{min(durations):.0f}..{max(durations):.0f} ms) while 10 users loaded pages')
    print(f'  other users  baseline p50 {baseline["p50"]:5.0f} ms p95 {baseline["p95"]:5.0f} ms | during the burst '
          f'p50 {statistics.median(during):5.0f} ms p95 {p95:5.0f} ms ({len(during)} pages) | p95 ratio '
          f'{p95 / baseline["p95"]:.2f} (target <= 2)')


async def hold_tabs(server: Server, keys: list[str], paths: list[str], count: int) -> None:
    async with httpx.AsyncClient(base_url=server.url, timeout=60,
                                 limits=httpx.Limits(max_connections=50)) as http:
        idle_clients = (await http.get('/bench/stats')).json()['clients']
        objects_before = (await http.post('/bench/collect')).json()['objects']
        before = server.rss()
        tabs = [Tab(server, http, keys[n % len(keys)]) for n in range(count)]
        gate = asyncio.Semaphore(10)

        async def open_one(n: int) -> int:
            async with gate:
                return await tabs[n].open(paths[n % len(paths)])
        statuses = await asyncio.gather(*(open_one(n) for n in range(count)), return_exceptions=True)
        opened = sum(1 for s in statuses if s == 200)
        await asyncio.sleep(3)
        held = sum(1 for tab in tabs if tab.socket is not None and tab.socket.connected)
        stats = (await http.get('/bench/stats')).json()
        during = server.rss()
        for tab in tabs:
            await tab.close()
        await settle(server, http, idle_clients, limit=60)
        after = server.rss()
        forced = (await http.post('/bench/collect')).json()
        after_forced = server.rss()
    print(f'\n{count} tabs: {opened} opened, {held} still connected after 3 s, server holds {stats["clients"]} '
          f'pages; RSS {before:.0f} -> {during:.0f} MiB = {(during - before) / max(opened, 1) * 1024:.0f} KiB per '
          f'tab (target <= 1024); after closing all {after:.0f} MiB (after/before {after / before:.2f}); after a '
          f'forced collection ({forced["ms"]:.0f} ms) and malloc_trim {after_forced:.0f} MiB, tracked objects '
          f'{objects_before} before, {forced["objects"]} after; most common now: {forced["kinds"][:8]}')


async def main_async(args: argparse.Namespace, env: dict[str, str], folder: Path, seeded: dict) -> None:
    counts = [int(k) for k in args.users.split(',')]
    portal_paths = ['/portal', '/portal/invoices', f'/portal/invoices/{seeded["invoice"]}']
    profile = {'BENCH_PROFILE': str(Path(args.profile).resolve())} if args.profile else {}
    servers = {'empty': None if args.skip_empty else Server('empty', env, folder),
               'portal': Server('app', {**env, **profile}, folder)}
    if args.before:
        servers['before'] = Server('app', env, folder, Path(args.before).resolve())
    try:
        started = {name: server.rss() for name, server in servers.items() if server is not None}
        for server in servers.values():  # warm up: the first loads compile templates, fill caches and grow the
            if server is not None:       # heaps to what ten people at once need; a leak shows in the rounds after
                await run_round(server, seeded['keys'][:10], ['/'] if server is servers['empty'] else portal_paths, 5)
        WARM.update({name: server.rss() for name, server in servers.items() if server is not None})
        print(f'{args.seconds:.0f} s per round, database {env["DATABASE_URL"].split(":", 1)[0]}; the machine is '
              f'shared, so compare the ratios; RSS after start-up -> after a 5 s warm-up with 10 users: '
              + ', '.join(f'{name} {started[name]:.0f} -> {WARM[name]:.0f} MiB' for name in WARM) + '\n')
        if profile:
            httpx.post(f'{servers["portal"].url}/bench/profile-start')
        for k in counts:
            results = {}
            for name, server in servers.items():
                if server is None:
                    continue
                paths = ['/'] if name == 'empty' else portal_paths
                results[name] = await run_round(server, seeded['keys'][:k], paths, args.seconds)
                show(name, k, results[name])
            if 'empty' in results:
                portal, empty = results['portal'], results['empty']
                print(f'        portal/empty pages/s {portal["pages_s"] / empty["pages_s"]:.2f} (target >= 0.5); '
                      f'empty/portal CPU per page {empty["cpu_ms"] / portal["cpu_ms"]:.2f}'
                      + (f'; before/empty pages/s {results["before"]["pages_s"] / empty["pages_s"]:.2f}, CPU per page '
                         f'{empty["cpu_ms"] / results["before"]["cpu_ms"]:.2f}' if 'before' in results else '') + '\n')
        if profile:
            httpx.post(f'{servers["portal"].url}/bench/profile-stop')
        if args.burst:
            await burst(servers['portal'], seeded['keys'], portal_paths, args.seconds)
        if args.tabs:
            await hold_tabs(servers['portal'], seeded['keys'], portal_paths, args.tabs)
    finally:
        for server in servers.values():
            if server is not None:
                server.stop()


def main() -> None:
    args = parse()
    PROCESSES[0] = args.processes
    folder = Path(tempfile.mkdtemp(prefix='bench-load-'))
    database_url = args.database_url or f'sqlite://{folder / "portal.sqlite3"}'
    env = {**os.environ, 'DATA_DIR': str(folder), 'DATABASE_URL': database_url, 'LOCALSTRIPE_PORT': 'off',
           'PORTAL_SECRET': os.environ.get('PORTAL_SECRET', 'bench-secret-not-for-production')}
    for name in ('SMTP_HOST', 'STRIPE_SECRET_KEY'):
        env.pop(name, None)
    os.environ.update({k: env[k] for k in ('DATA_DIR', 'DATABASE_URL', 'PORTAL_SECRET')})
    users = max([int(k) for k in args.users.split(',')] + [10])
    seeded = asyncio.run(prepare(database_url, users))
    try:
        asyncio.run(main_async(args, env, folder, seeded))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
