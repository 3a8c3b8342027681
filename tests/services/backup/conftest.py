"""A live portal database in a file (SQLite) or its own PostgreSQL database, with a data folder, and an empty
target to restore into: backups need real files and a second database, which the in-memory `db` fixture is not."""
from __future__ import annotations

import dataclasses
import os
import uuid
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import asyncpg
import pytest
from tortoise.backends.base import executor
from tortoise.context import tortoise_test_context

import settings
from integrations.database import MODELS
from integrations.file_storage import LocalFileStorage
from tests.services.conftest import BACKENDS


@dataclass
class Site:
    """Where a portal keeps its data: what `settings` names, and its file storage."""
    config: settings.Settings

    @property
    def storage(self) -> LocalFileStorage:
        return LocalFileStorage(self.config.data_dir / 'attachments')


def _server_url(database: str) -> str:
    parts = urlsplit(os.environ['TEST_POSTGRES_URL'])
    return urlunsplit(('postgres', parts.netloc, f'/{database}', '', ''))


async def _admin(sql: str) -> None:
    connection = await asyncpg.connect(_server_url(urlsplit(os.environ['TEST_POSTGRES_URL']).path.lstrip('/')))
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


@pytest.fixture(params=BACKENDS)
async def sites(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[tuple[Site, Site]]:
    """The live site (its database open for the test's use cases) and an empty one to restore into."""
    base = settings.get()
    if request.param == 'sqlite':
        live_url, target_url = f'sqlite://{tmp_path}/live/portal.sqlite3', f'sqlite://{tmp_path}/restored/portal.sqlite3'
        (tmp_path / 'live').mkdir()
        target_name = ''
    else:
        target_name = f'portal_restore_{uuid.uuid4().hex[:12]}'
        await _admin(f'CREATE DATABASE {target_name}')
        live_url, target_url = _server_url('portal_test_{}') + '?maxsize=10', _server_url(target_name)
    executor.EXECUTOR_CACHE.clear()
    async with tortoise_test_context(MODELS, db_url=live_url) as context:
        connection = context.connections.get('default')
        if request.param == 'postgres':
            live_url = _server_url(connection.database)
        live = Site(dataclasses.replace(base, database_url=live_url, data_dir=tmp_path / 'live',
                                        backup_dir_setting=str(tmp_path / 'backups')))
        target = Site(dataclasses.replace(base, database_url=target_url, data_dir=tmp_path / 'restored'))
        yield live, target
        if request.param == 'postgres':
            await context.connections.close_all(discard=False)
            for each in context.connections.all():
                await each.db_delete()
    if target_name:
        await _admin(f'DROP DATABASE IF EXISTS {target_name} WITH (FORCE)')
