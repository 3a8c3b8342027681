"""The audit trail is append-only in the database itself: after the migrations, UPDATE and DELETE on its table are
refused (and TRUNCATE on PostgreSQL), whatever code or person runs them; adding rows still works."""
import os

import asyncpg
import pytest
from tortoise import Tortoise
from tortoise.backends.base import executor

from integrations import database
from tests.services.conftest import BACKENDS


@pytest.mark.parametrize('backend', BACKENDS)
async def test_the_database_refuses_to_change_or_delete_a_row_of_the_trail(tmp_path, backend):
    executor.EXECUTOR_CACHE.clear()
    admin = None
    if backend == 'sqlite':
        url = f'sqlite://{tmp_path / "trail.sqlite3"}'
    else:
        server = os.environ['TEST_POSTGRES_URL'].rsplit('/', 1)[0]
        admin = await asyncpg.connect(os.environ['TEST_POSTGRES_URL'])
        await admin.execute('DROP DATABASE IF EXISTS portal_audit_check WITH (FORCE)')
        await admin.execute('CREATE DATABASE portal_audit_check')
        url = f'{server}/portal_audit_check'
    try:
        await database.migrate(url)
        await Tortoise.init(config=database.tortoise_config(url))
        from domain.audit import AuditAction, Who, record
        from domain.models import AuditEntry
        await record(Who('staff', 'Olivia Owner', '203.0.113.9', staff_id=1), AuditAction.SIGN_IN)
        await record(Who('client', 'Alex', '198.51.100.4', person_id=2), AuditAction.SIGN_IN)
        conn = Tortoise.get_connection('default')
        for statement in ["UPDATE audit_entry SET actor_name = 'someone else'",
                          'DELETE FROM audit_entry', 'DELETE FROM audit_entry WHERE id = 1']:
            with pytest.raises(Exception, match='append-only'):
                await conn.execute_query(statement)
        with pytest.raises(Exception, match='append-only'):
            await AuditEntry.filter(id=1).update(ip='')
        with pytest.raises(Exception, match='append-only'):
            await (await AuditEntry.get(id=2)).delete()
        if backend == 'postgres':
            with pytest.raises(Exception, match='append-only'):
                await conn.execute_script('TRUNCATE audit_entry')
        rows = await AuditEntry.all().order_by('id').values_list('actor_name', 'ip')
        assert rows == [('Olivia Owner', '203.0.113.9'), ('Alex', '198.51.100.4')]
        await Tortoise.close_connections()
    finally:
        if admin is not None:
            await admin.execute('DROP DATABASE IF EXISTS portal_audit_check WITH (FORCE)')
            await admin.close()
