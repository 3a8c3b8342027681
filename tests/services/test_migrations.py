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



async def _insert_row(conn, table: str, given: dict) -> None:
    """A row with every NOT NULL column filled, as the schema of the moment has it (SQLite)."""
    _, columns = await conn.execute_query(f'PRAGMA table_info({table})')
    def blank(kind: str) -> object:
        if kind in {'INT', 'INTEGER', 'BOOL', 'SMALLINT', 'BIGINT'}:
            return 0
        return '2026-01-01' if kind == 'DATE' else '2026-01-01 00:00:00' if 'TIME' in kind else ''
    values = {c['name']: blank(c['type'].upper()) for c in columns if c['notnull'] and c['name'] != 'id'} | given
    await conn.execute_query(f'INSERT INTO {table} ({", ".join(values)}) VALUES ({", ".join("?" * len(values))})',
                             list(values.values()))


async def test_a_database_with_data_from_before_this_release_migrates_and_keeps_how_it_worked(tmp_path):
    """Every column added since 0003 has a database default, so tables that already hold rows take it."""
    from tortoise.migrations.api import migrate as run_migrations

    executor.EXECUTOR_CACHE.clear()
    url = f'sqlite://{tmp_path / "older.sqlite3"}'
    await run_migrations(config=database.tortoise_config(url), app_labels=['models'],
                         target='models.0003_contact_covering_indexes')
    await Tortoise.close_connections()
    await Tortoise.init(config=database.tortoise_config(url))
    conn = Tortoise.get_connection('default')
    now = '2026-01-01 00:00:00'
    await _insert_row(conn, 'business', {'name': 'Older Ltd', 'currency': 'USD', 'brand_color': '#1d4ed8',
                                         'timezone': 'UTC', 'portal_enabled': 1})
    await _insert_row(conn, 'staff_user', {'name': 'Olivia', 'email': 'o@older.example', 'password_hash': 'x',
                                           'is_active': 1, 'created_at': now})
    await _insert_row(conn, 'contact', {'display_name': 'Acme', 'currency': 'USD', 'created_at': now})
    await _insert_row(conn, 'contact_person', {'contact_id': 1, 'email': 'c@acme.example', 'created_at': now,
                                               'portal_access': 'active'})
    await _insert_row(conn, 'access_token', {'person_id': 1, 'purpose': 'password_reset', 'token_hash': 'h',
                                             'created_at': now, 'expires_at': now})
    await Tortoise.close_connections()
    await database.migrate(url)
    await Tortoise.init(config=database.tortoise_config(url))
    from domain.models import AccessToken, Business, StaffUser
    older = await Business.get(name='Older Ltd')
    assert (older.require_signature, older.require_second_factor_staff, older.require_second_factor_portal) == \
        (False, False, False)  # one-click acceptance and password-only sign-in, as before the upgrade
    assert (await StaffUser.get(email='o@older.example')).may_reset_second_factor is False
    assert (await AccessToken.get(token_hash='h')).new_email == ''
    assert (await Business.create(name='Newer Ltd', email='hello@newer.example')).require_signature is True  # a new business asks for a signature
    await Tortoise.close_connections()
