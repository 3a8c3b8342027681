"""Service tests run on a real database: SQLite always, PostgreSQL too when TEST_POSTGRES_URL is set."""
from __future__ import annotations

import os
from collections.abc import AsyncIterator
from urllib.parse import urlsplit, urlunsplit

import pytest
from tortoise.backends.base import executor
from tortoise.context import TortoiseContext, tortoise_test_context

from integrations.database import MODELS


@pytest.fixture(autouse=True)
def no_backups() -> None:
    """The nightly backup finds nothing to do unless a test installs a backup folder (a page test's app did)."""
    from domain.jobs import backups
    backups.use(None)


BACKENDS = ['sqlite'] + (['postgres'] if os.environ.get('TEST_POSTGRES_URL') else [])


def postgres_url() -> str:
    """A fresh database per test on the server named by TEST_POSTGRES_URL (its own database is left alone)."""
    parts = urlsplit(os.environ['TEST_POSTGRES_URL'])
    return urlunsplit(('postgres', parts.netloc, '/portal_test_{}', 'maxsize=20', ''))


@pytest.fixture(params=BACKENDS)
async def db(request: pytest.FixtureRequest) -> AsyncIterator[TortoiseContext]:
    url = 'sqlite://:memory:' if request.param == 'sqlite' else postgres_url()
    executor.EXECUTOR_CACHE.clear()  # Tortoise caches SQL per connection name, in the dialect it saw first
    async with tortoise_test_context(MODELS, db_url=url) as context:
        yield context
        if os.environ.get('CHECK_BALANCES'):  # a sweep: did the test leave the stored balances right?
            from domain.balances.rebuild import disagreements
            assert await disagreements() == [], f'{request.node.nodeid} left the stored balances wrong'
        if request.param == 'postgres':  # Tortoise creates the database per test but leaves it behind
            await context.connections.close_all(discard=False)
            for connection in context.connections.all():
                await connection.db_delete()


@pytest.fixture
async def pg() -> AsyncIterator[TortoiseContext]:
    """A fresh PostgreSQL database for one test (dropped afterwards), like the `db` fixture's PostgreSQL half."""
    executor.EXECUTOR_CACHE.clear()
    async with tortoise_test_context(MODELS, db_url=postgres_url()) as context:
        yield context
        await context.connections.close_all(discard=False)
        for connection in context.connections.all():
            await connection.db_delete()
