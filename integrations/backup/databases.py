"""Dumping and loading the database named by a DATABASE_URL, for backups.

- SQLite: the online backup API (`sqlite3.Connection.backup`) copies a consistent snapshot while the app keeps
  writing (in WAL mode writers are not held up); loading copies the snapshot into the target file the same way.
- PostgreSQL: `pg_dump` in its custom format (one consistent snapshot, the server keeps serving) and `pg_restore`
  (Debian's `postgresql-client`; its major version must be the server's or newer).
"""
from __future__ import annotations

import shutil
import sqlite3
import subprocess
from contextlib import closing
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from integrations.database import is_postgres

MIGRATIONS_TABLE = 'tortoise_migrations'


class DatabaseToolFailed(Exception):
    """pg_dump, pg_restore or psql failed (their own words are in the message)."""


def kind(database_url: str) -> str:
    return 'postgres' if is_postgres(database_url) else 'sqlite'


def dump_name(database_url: str) -> str:
    return 'database.pgdump' if is_postgres(database_url) else 'database.sqlite3'


def sqlite_path(database_url: str) -> Path:
    path = database_url.split('://', 1)[1].split('?', 1)[0]
    if not path or path == ':memory:':
        raise ValueError('an in-memory SQLite database cannot be backed up')
    return Path(path)


def libpq_url(database_url: str) -> str:
    """The URL as libpq reads it: its own scheme, without the pool's query parameters (maxsize=...)."""
    parts = urlsplit(database_url)
    return urlunsplit(('postgresql', parts.netloc, parts.path, '', ''))


def _tool(*args: str) -> str:
    executable = shutil.which(args[0])
    if executable is None:
        raise DatabaseToolFailed(f'{args[0]} is not installed (Debian: apt-get install postgresql-client)')
    done = subprocess.run([executable, *args[1:]], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise DatabaseToolFailed(f'{args[0]} failed: {done.stderr.strip()[-2000:]}')
    return done.stdout


def dump(database_url: str, target: Path) -> None:
    """A consistent copy of the whole database in `target`, taken while the app goes on writing."""
    if is_postgres(database_url):
        _tool('pg_dump', '--format=custom', '--no-owner', '--no-privileges', '--file', str(target),
              '--dbname', libpq_url(database_url))
        return
    source = sqlite3.connect(f'file:{sqlite_path(database_url)}?mode=ro', uri=True)
    copy = sqlite3.connect(target)
    try:
        source.backup(copy)  # all pages in one step: one consistent snapshot
    finally:
        copy.close()
        source.close()


def load(database_url: str, dumped: Path, *, replace: bool) -> None:
    """Load a dump into the database of `database_url` (`replace`: drop what it holds first)."""
    if is_postgres(database_url):
        _tool('pg_restore', '--no-owner', '--no-privileges', '--exit-on-error', '--single-transaction',
              *(('--clean', '--if-exists') if replace else ()), '--dbname', libpq_url(database_url), str(dumped))
        return
    path = sqlite_path(database_url)
    path.parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(dumped)
    target = sqlite3.connect(path)
    try:
        source.backup(target)  # replaces every page of the target
    finally:
        target.close()
        source.close()


def tables(database_url: str) -> list[str]:
    """The tables the database holds (none: it is empty, or does not exist yet)."""
    if is_postgres(database_url):
        out = _tool('psql', '--no-psqlrc', '--tuples-only', '--no-align', '--dbname', libpq_url(database_url),
                    '--command', "SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [line for line in out.splitlines() if line.strip()]
    path = sqlite_path(database_url)
    if not path.exists():
        return []
    with closing(sqlite3.connect(f'file:{path}?mode=ro', uri=True)) as connection:
        return [row[0] for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]


def last_migration(database_url: str) -> str:
    """The name of the last migration applied ('' when none is recorded)."""
    query = f'SELECT name FROM {MIGRATIONS_TABLE} ORDER BY id DESC LIMIT 1'
    if MIGRATIONS_TABLE not in tables(database_url):
        return ''
    if is_postgres(database_url):
        return _tool('psql', '--no-psqlrc', '--tuples-only', '--no-align', '--dbname', libpq_url(database_url),
                     '--command', query).strip()
    with closing(sqlite3.connect(f'file:{sqlite_path(database_url)}?mode=ro', uri=True)) as connection:
        row = connection.execute(query).fetchone()
    return row[0] if row else ''
