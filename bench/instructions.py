"""What a page load costs in CPU instructions, counted by valgrind: steady where timings are not.

    .venv/bin/python bench/instructions.py [--loads 20] [--before DIR] [--without NAME[,NAME...]]...

Seeds the demo data as bench/load.py does and serves, each under `valgrind --tool=callgrind --instr-atstart=no`,
the portal (bench/load_server.py app), the empty NiceGUI app (bench/load_server.py empty), with --before an
earlier checkout of the portal (e.g. `git archive <commit> | tar -x -C DIR`), and for each --without the portal
without those patches of `integrations.framework.PATCHES` (names as in that tuple; `closed_clients.*` for all
under a prefix; bench/load_server.py drops them before app.py installs the rest), all at once. Each is warmed up;
then counting is switched on (`callgrind_control -i on`) for `--loads` page loads of each page, one after the
other, each with its websocket (bench/load.py's `Tab`), until the server has dropped the closed pages; then off.
Every thread of the process counts (the database's too), and the closed pages' teardown.

Printed: millions of instructions per page load for each portal page and the empty page, and each page's ratio
to the empty one (a portal without patches: also how much more it costs than the portal with all). The count
repeats to within about 1% from run to run whatever else the machine is doing, so two versions can be told apart
by a few percent, which bench/load.py's timings on a shared machine cannot. Then, for each server and page, the
objects the cycle collector freed per page load (a full collection is forced, uncounted, before and after each
page's loads), and how many of them only a full collection found: what closed pages leave behind in cycles.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))
from live_comments import free_port  # noqa: E402
from load import Tab, prepare  # noqa: E402


class CountedServer:
    """One server process under callgrind, counting only while told to."""

    def __init__(self, name: str, kind: str, root: Path, env: dict[str, str], folder: Path, *,
                 without: str = '') -> None:
        self.name, self.port = name, free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.out = folder / f'callgrind-{name.replace(" ", "-")}.out'
        self.dumps, self.counted = 0, 0
        if not (root / 'bench' / 'load_server.py').exists():
            shutil.copy(ROOT / 'bench' / 'load_server.py', root / 'bench' / 'load_server.py')
        extra = {'PYTHONMALLOC': 'malloc'} if kind == 'app' else {}  # as `make run` serves the portal
        if kind == 'app':  # a copy of the seeded database each, so that no server waits for another's writes
            database = folder / f'served-{name.replace(" ", "-")}.sqlite3'
            shutil.copy(folder / 'portal.sqlite3', database)
            extra['DATABASE_URL'] = f'sqlite://{database}'
        if without:
            extra['BENCH_WITHOUT'] = without
        extra['BENCH_RESPONSE_TIMEOUT'] = '120'  # under valgrind a page can take longer than NiceGUI's 3 s to build
        with (folder / f'{name.replace(" ", "-")}.log').open('wb') as log:
            self.process = subprocess.Popen(
                ['valgrind', '--tool=callgrind', '--instr-atstart=no', f'--callgrind-out-file={self.out}',
                 sys.executable, str(root / 'bench' / 'load_server.py'), kind],
                cwd=root, env={**env, 'PORT': str(self.port), **extra}, stdout=log, stderr=subprocess.STDOUT)

    async def started(self, http: httpx.AsyncClient) -> None:
        for _ in range(600):
            try:
                if (await http.get(f'{self.url}/bench/stats')).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                sys.exit(f'{self.name} did not start:\n{self.log()}')
            await asyncio.sleep(0.5)
        sys.exit(f'{self.name} did not start in 5 minutes')

    def log(self) -> str:
        """The end of the server's output."""
        return (self.out.parent / f'{self.name.replace(" ", "-")}.log').read_text(errors='replace')[-3000:]

    def counting(self, on: bool) -> None:
        subprocess.run(['callgrind_control', '-i', 'on' if on else 'off', str(self.process.pid)], check=True,
                       capture_output=True)

    def instructions(self) -> int:
        """Instructions counted so far: each dump holds what was counted since the one before."""
        subprocess.run(['callgrind_control', '-d', str(self.process.pid)], check=True, capture_output=True)
        self.dumps += 1
        dump = self.out.parent / f'{self.out.name}.{self.dumps}'
        for _ in range(200):  # the dump is written after callgrind_control returns; its last line is the total
            text = dump.read_text(errors='replace') if dump.exists() else ''
            totals = [line for line in text.splitlines() if line.startswith('totals:')]
            if totals:
                self.counted += int(totals[0].split()[1])
                return self.counted
            time.sleep(0.05)
        sys.exit(f'{self.name}: no dump in {dump}')

    def stop(self) -> None:
        self.process.terminate()
        self.process.wait(timeout=30)


async def load_pages(server: CountedServer, http: httpx.AsyncClient, key: str, path: str, count: int) -> None:
    for _ in range(count):
        tab = Tab(server, http, key)  # type: ignore[arg-type]
        status = await tab.open(path)
        if status != 200:
            sys.exit(f'{server.name} {path}: {status}\n{server.log()}')
        await tab.close()
    while (await http.get(f'{server.url}/bench/stats')).json()['clients'] > 0:  # closed pages dropped
        await asyncio.sleep(0.5)


async def freed(http: httpx.AsyncClient) -> tuple[int, int]:
    """After a full collection (not counted): the objects the cycle collector has freed so far, all generations and
    the oldest alone."""
    await http.post('/bench/collect')
    counts = (await http.get('/bench/stats')).json().get('gc_freed', {})
    return sum(counts.values()), counts.get('2', 0)


async def measure(server: CountedServer, paths: list[str], key: str, loads: int) -> dict[str, tuple[float, float, float]]:
    """For each path: millions of instructions, and objects freed by the cycle collector (all, by a full
    collection), per page load."""
    async with httpx.AsyncClient(base_url=server.url, timeout=300) as http:
        await server.started(http)
        for path in paths:
            await load_pages(server, http, key, path, 3)  # warm-up, not counted
        result = {}
        for path in paths:
            garbage = await freed(http)
            before = server.instructions()
            server.counting(True)
            await load_pages(server, http, key, path, loads)
            server.counting(False)
            instructions = (server.instructions() - before) / loads / 1e6
            after = await freed(http)
            result[path] = (instructions, (after[0] - garbage[0]) / loads, (after[1] - garbage[1]) / loads)
        return result


async def main_async(args: argparse.Namespace) -> None:
    folder = Path(tempfile.mkdtemp(prefix='bench-instructions-'))
    database_url = f'sqlite://{folder / "portal.sqlite3"}'
    env = {**os.environ, 'DATA_DIR': str(folder), 'DATABASE_URL': database_url, 'LOCALSTRIPE_PORT': 'off',
           'PORTAL_SECRET': os.environ.get('PORTAL_SECRET', 'bench-secret-not-for-production')}
    for name in ('SMTP_HOST', 'STRIPE_SECRET_KEY'):
        env.pop(name, None)
    os.environ.update({k: env[k] for k in ('DATA_DIR', 'DATABASE_URL', 'PORTAL_SECRET')})
    try:
        seeded = await prepare(database_url, 1)
        pages = ['/portal', '/portal/invoices', f'/portal/invoices/{seeded["invoice"]}']
        names = ['dashboard', 'invoice list', 'invoice']
        servers = [CountedServer('portal', 'app', ROOT, env, folder), CountedServer('empty', 'empty', ROOT, env, folder)]
        if args.before:
            servers.append(CountedServer('before', 'app', Path(args.before).resolve(), env, folder))
        for without in args.without:
            servers.append(CountedServer(f'without {without}', 'app', ROOT, env, folder, without=without))
        try:
            results = await asyncio.gather(*(
                measure(server, ['/'] if server.name == 'empty' else pages, seeded['keys'][0], args.loads)
                for server in servers))
        finally:
            for server in servers:
                server.stop()
        everything = dict(zip([server.name for server in servers], results, strict=True))
        counted = {name: {path: figures[0] for path, figures in by_path.items()} for name, by_path in everything.items()}
        empty = counted['empty']['/']
        print(f'{args.loads} loads of each page, millions of instructions per page load (its websocket and teardown '
              f'included)\nempty NiceGUI page: {empty:.2f}')
        portal_mean = sum(counted['portal'].values()) / len(pages)
        for name in [server.name for server in servers if server.name != 'empty']:
            figures = counted[name]
            mean = sum(figures.values()) / len(figures)
            than_portal = f'; {(mean / portal_mean - 1) * 100:+.1f}% against the portal' \
                if name.startswith('without ') else ''
            print(f'{name}: ' + ', '.join(f'{label} {figures[path]:.2f} ({figures[path] / empty:.2f}x)'
                                          for label, path in zip(names, pages, strict=True))
                  + f'; mean {mean:.2f} ({mean / empty:.2f}x){than_portal}')
        if args.before:
            now = sum(counted['portal'].values())
            print(f'portal / before: {now / sum(counted["before"].values()):.3f}')
        print('objects freed by the cycle collector per page load (of them, found only by a full collection)')
        for server in servers:
            labels = ['page'] if server.name == 'empty' else names
            print(f'{server.name}: ' + ', '.join(f'{label} {figures[1]:.0f} ({figures[2]:.0f})' for label, figures
                                                 in zip(labels, everything[server.name].values(), strict=True)))
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--loads', type=int, default=20, help='page loads of each page while counting')
    parser.add_argument('--before', default='', help='a checkout of an earlier version to count in the same run')
    parser.add_argument('--without', action='append', default=[], metavar='NAME[,NAME...]',
                        help='also count the portal without these patches (integrations.framework.PATCHES names, '
                        'closed_clients.* for a prefix); repeatable, one more server each')
    asyncio.run(main_async(parser.parse_args()))


if __name__ == '__main__':
    main()
