"""The checked-in migrations build the same schema as the models, on SQLite and PostgreSQL."""
import os

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base import executor
from tortoise.migrations.autodetector import MigrationAutodetector

from integrations import database
from tests.services.conftest import BACKENDS


async def test_the_models_have_no_changes_without_a_migration(tmp_path):
    config = database.tortoise_config(f'sqlite://{tmp_path / "check.sqlite3"}')
    await Tortoise.init(config=config)
    try:
        writers = await MigrationAutodetector(Tortoise.apps, config['apps']).changes()
    finally:
        await Tortoise.close_connections()
    assert writers == [], 'models changed: run `tortoise makemigrations` and commit the migration'


@pytest.mark.parametrize('backend', BACKENDS)
async def test_migrations_apply_to_an_empty_database(tmp_path, backend):
    executor.EXECUTOR_CACHE.clear()
    if backend == 'sqlite':
        url = f'sqlite://{tmp_path / "fresh.sqlite3"}'
    else:
        server = os.environ['TEST_POSTGRES_URL'].rsplit('/', 1)[0]
        admin = await asyncpg.connect(os.environ['TEST_POSTGRES_URL'])
        await admin.execute('DROP DATABASE IF EXISTS portal_migration_check')
        await admin.execute('CREATE DATABASE portal_migration_check')
        url = f'{server}/portal_migration_check'
    try:
        await database.migrate(url)
        await database.migrate(url)  # a second run finds nothing to do
        await Tortoise.init(config=database.tortoise_config(url))
        from domain.models import Document, StaffUser
        assert await StaffUser.all().count() == 0
        assert await Document.all().count() == 0
        await Tortoise.close_connections()
    finally:
        if backend == 'postgres':
            await admin.execute('DROP DATABASE IF EXISTS portal_migration_check WITH (FORCE)')
            await admin.close()
