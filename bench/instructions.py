"""What a page load costs in CPU instructions, counted by valgrind: steady where timings are not.

    .venv/bin/python bench/instructions.py [--loads 20] [--before DIR]

Seeds the demo data as bench/load.py does and serves, each under `valgrind --tool=callgrind --instr-atstart=no`,
the portal (bench/load_server.py app), the empty NiceGUI app (bench/load_server.py empty) and, with --before, an
earlier checkout of the portal (e.g. `git archive <commit> | tar -x -C DIR`), all at once. Each is warmed up; then
counting is switched on (`callgrind_control -i on`) for `--loads` page loads of each page, one after the other,
each with its websocket (bench/load.py's `Tab`), until the server has dropped the closed pages; then off. Every
thread of the process counts (the database's too), and the closed pages' teardown.

Printed: millions of instructions per page load for each portal page and the empty page, and each page's ratio
to the empty one. The count repeats to within about 1% from run to run whatever else the machine is doing, so two
versions can be told apart by a few percent, which bench/load.py's timings on a shared machine cannot.
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

    def __init__(self, name: str, kind: str, root: Path, env: dict[str, str], folder: Path) -> None:
        self.name, self.port = name, free_port()
        self.url = f'http://127.0.0.1:{self.port}'
        self.out = folder / f'callgrind-{name}.out'
        self.dumps, self.counted = 0, 0
        if not (root / 'bench' / 'load_server.py').exists():
            shutil.copy(ROOT / 'bench' / 'load_server.py', root / 'bench' / 'load_server.py')
        malloc = {'PYTHONMALLOC': 'malloc'} if kind == 'app' else {}  # as `make run` serves the portal
        with (folder / f'{name}.log').open('wb') as log:
            self.process = subprocess.Popen(
                ['valgrind', '--tool=callgrind', '--instr-atstart=no', f'--callgrind-out-file={self.out}',
                 sys.executable, str(root / 'bench' / 'load_server.py'), kind],
                cwd=root, env={**env, 'PORT': str(self.port), **malloc}, stdout=log, stderr=subprocess.STDOUT)

    async def started(self, http: httpx.AsyncClient) -> None:
        for _ in range(600):
            try:
                if (await http.get(f'{self.url}/bench/stats')).status_code == 200:
                    return
            except httpx.HTTPError:
                pass
            if self.process.poll() is not None:
                sys.exit(f'{self.name} did not start')
            await asyncio.sleep(0.5)
        sys.exit(f'{self.name} did not start in 5 minutes')

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
            sys.exit(f'{server.name} {path}: {status}')
        await tab.close()
    while (await http.get(f'{server.url}/bench/stats')).json()['clients'] > 0:  # closed pages dropped
        await asyncio.sleep(0.5)


async def measure(server: CountedServer, paths: list[str], key: str, loads: int) -> dict[str, float]:
    async with httpx.AsyncClient(base_url=server.url, timeout=300) as http:
        await server.started(http)
        for path in paths:
            await load_pages(server, http, key, path, 3)  # warm-up, not counted
        result = {}
        for path in paths:
            before = server.instructions()
            server.counting(True)
            await load_pages(server, http, key, path, loads)
            server.counting(False)
            result[path] = (server.instructions() - before) / loads / 1e6
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
        try:
            results = await asyncio.gather(*(
                measure(server, ['/'] if server.name == 'empty' else pages, seeded['keys'][0], args.loads)
                for server in servers))
        finally:
            for server in servers:
                server.stop()
        counted = dict(zip([server.name for server in servers], results, strict=True))
        empty = counted['empty']['/']
        print(f'{args.loads} loads of each page, millions of instructions per page load (its websocket and teardown '
              f'included)\nempty NiceGUI page: {empty:.2f}')
        for name in [server.name for server in servers if server.name != 'empty']:
            figures = counted[name]
            mean = sum(figures.values()) / len(figures)
            print(f'{name}: ' + ', '.join(f'{label} {figures[path]:.2f} ({figures[path] / empty:.2f}x)'
                                          for label, path in zip(names, pages, strict=True))
                  + f'; mean {mean:.2f} ({mean / empty:.2f}x)')
        if args.before:
            now = sum(counted['portal'].values())
            print(f'portal / before: {now / sum(counted["before"].values()):.3f}')
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--loads', type=int, default=20, help='page loads of each page while counting')
    parser.add_argument('--before', default='', help='a checkout of an earlier version to count in the same run')
    asyncio.run(main_async(parser.parse_args()))


if __name__ == '__main__':
    main()
