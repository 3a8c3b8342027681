"""Backup and restore times at 10,000 documents:

    .venv/bin/python bench/backup.py [--invoices 10000] [--payments 10000] [--files 200] [--postgres URL]

Seeds one client with the invoices and payments of bench/portal_pages.py and attaches `--files` files of 64 KiB,
then times `backup.take` and `backup.restore` into an empty database and data folder, and checks the restored
balances with `commands.verify_balances`. SQLite always; PostgreSQL too with --postgres (or TEST_POSTGRES_URL),
in a database of its own that is dropped afterwards.
"""
from __future__ import annotations

import argparse
import asyncio
import dataclasses
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / 'bench'))

from portal_pages import prepare  # noqa: E402

import settings  # noqa: E402
from integrations import backup  # noqa: E402
from integrations.backup import databases  # noqa: E402


def attach_files(data_dir: Path, count: int) -> None:
    for _ in range(count):
        key = secrets.token_hex(16)
        path = data_dir / 'attachments' / key[:2] / key
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(os.urandom(64 * 1024))


def psql(server: str, sql: str) -> None:
    subprocess.run(['psql', '--no-psqlrc', '--quiet', '--dbname', databases.libpq_url(server), '--command', sql],
                   check=True, capture_output=True)


def measure(label: str, live_url: str, target_url: str, folder: Path, args: argparse.Namespace) -> None:
    live = dataclasses.replace(settings.get(), database_url=live_url, data_dir=folder / 'live',
                               backup_dir_setting=str(folder / 'backups'))
    target = dataclasses.replace(live, database_url=target_url, data_dir=folder / 'restored')
    from tortoise.backends.base import executor
    executor.EXECUTOR_CACHE.clear()  # keyed by connection name, in the SQL dialect it saw first
    asyncio.run(prepare(live_url, args.invoices, args.payments))
    attach_files(live.data_dir, args.files)
    started = time.perf_counter()
    taken = backup.take(live)
    took = time.perf_counter() - started
    started = time.perf_counter()
    backup.restore(taken.path, target)
    restored = time.perf_counter() - started
    check = subprocess.run([sys.executable, '-m', 'commands.verify_balances', '--database-url', target_url],
                           cwd=ROOT, capture_output=True, text=True, check=False)
    print(f'{label}: backup {took:.2f} s ({taken.size / 1024 / 1024:.1f} MiB, {args.files} files), '
          f'restore {restored:.2f} s (checksums first), balances after restore: '
          f'{"agree" if check.returncode == 0 else "DISAGREE"}')


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--invoices', type=int, default=10_000)
    parser.add_argument('--payments', type=int, default=10_000)
    parser.add_argument('--files', type=int, default=200)
    parser.add_argument('--postgres', default=os.environ.get('TEST_POSTGRES_URL', ''))
    args = parser.parse_args()
    os.environ.setdefault('PORTAL_SECRET', 'bench-secret-not-for-production')
    folder = Path(tempfile.mkdtemp(prefix='portal-bench-backup-'))
    try:
        (folder / 'sqlite').mkdir()
        measure('SQLite', f'sqlite://{folder}/sqlite/live/portal.sqlite3',
                f'sqlite://{folder}/sqlite/restored/portal.sqlite3', folder / 'sqlite', args)
        if args.postgres:
            parts = urlsplit(args.postgres)
            server = urlunsplit(('postgres', parts.netloc, parts.path, '', ''))
            names = [f'portal_bench_{which}_{secrets.token_hex(4)}' for which in ('live', 'restored')]
            for name in names:
                psql(server, f'CREATE DATABASE {name}')
            try:
                measure('PostgreSQL', *(urlunsplit(('postgres', parts.netloc, f'/{name}', '', '')) for name in names),
                        folder / 'postgres', args)
            finally:
                for name in names:
                    psql(server, f'DROP DATABASE IF EXISTS {name} WITH (FORCE)')
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == '__main__':
    main()
