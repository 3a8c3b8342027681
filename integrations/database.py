"""Database configuration and the command that applies migrations.

`python -m integrations.database migrate` brings the database named by DATABASE_URL up to date.
"""
from __future__ import annotations

import asyncio
import sys
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from tortoise import Tortoise, connections

import settings

MODELS = ['domain.models']


def is_postgres(database_url: str) -> bool:
    return urlsplit(database_url).scheme in {'postgres', 'postgresql', 'asyncpg'}


def tortoise_config(database_url: str | None = None) -> dict[str, Any]:
    config = settings.get()
    url = database_url or config.database_url
    parts = urlsplit(url)
    if parts.scheme in {'postgres', 'postgresql', 'asyncpg'}:
        query = parts.query or f'maxsize={config.db_pool_size}'
        url = urlunsplit(('postgres', parts.netloc, parts.path, query, ''))
    elif parts.scheme == 'sqlite':
        _ensure_sqlite_folder(url)
    return {
        'connections': {'default': url},
        'apps': {'models': {'models': MODELS, 'default_connection': 'default', 'migrations': 'migrations'}},
        'use_tz': True,
        'timezone': 'UTC',
    }


def _ensure_sqlite_folder(url: str) -> None:
    from pathlib import Path
    path = url.removeprefix('sqlite://')
    if path and path != ':memory:':
        Path(path).parent.mkdir(parents=True, exist_ok=True)


async def migrate(database_url: str | None = None) -> None:
    from tortoise.migrations.api import migrate as run_migrations
    try:
        await run_migrations(config=tortoise_config(database_url))
    finally:
        await connections.close_all()
        await Tortoise.close_connections()


def __getattr__(name: str) -> Any:
    if name == 'TORTOISE_ORM':  # read lazily by the `tortoise` CLI (see [tool.tortoise] in pyproject.toml)
        return tortoise_config()
    raise AttributeError(name)


if __name__ == '__main__':
    if sys.argv[1:] != ['migrate']:
        sys.exit('usage: python -m integrations.database migrate')
    asyncio.run(migrate())
