"""Migration 0013 fills the stored balances of a database that already holds documents and payments, and
`python -m commands.verify_balances` checks (and with --repair rebuilds) them."""
from __future__ import annotations

import os
import subprocess
import sys
from datetime import date

from tortoise import Tortoise
from tortoise.backends.base import executor
from tortoise.migrations.api import migrate as run_migrations

from integrations import database
from tests.services.test_migrations import _insert_row

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))))


async def test_an_upgraded_database_has_its_balances_at_once_and_verify_finds_and_repairs_a_wrong_one(tmp_path):
    executor.EXECUTOR_CACHE.clear()
    url = f'sqlite://{tmp_path / "older.sqlite3"}'
    await run_migrations(config=database.tortoise_config(url), app_labels=['models'], target='models.0012_languages')
    await Tortoise.close_connections()
    await Tortoise.init(config=database.tortoise_config(url))
    conn = Tortoise.get_connection('default')
    now = '2026-01-01 00:00:00'
    await _insert_row(conn, 'contact', {'display_name': 'Acme', 'currency': 'USD', 'created_at': now})
    for number, status, total, paid, due in (('INV-1', 'sent', 10000, 0, '2026-02-01'),
                                            ('INV-2', 'partially_paid', 5000, 2000, None),
                                            ('INV-3', 'paid', 3000, 3000, '2026-01-20'),
                                            ('INV-4', 'draft', 7000, 0, '2026-02-01'),
                                            ('INV-5', 'void', 900, 0, '2026-02-01')):
        await _insert_row(conn, 'document', {'kind': 'invoice', 'number': number, 'contact_id': 1, 'status': status,
                                             'issue_date': '2026-01-05', 'due_date': due, 'total': total,
                                             'amount_paid': paid, 'currency': 'USD', 'created_at': now,
                                             'updated_at': now})
    await _insert_row(conn, 'payment', {'contact_id': 1, 'date': '2026-01-10', 'amount': 5000,
                                        'mode': 'bank_transfer', 'created_at': now})
    await Tortoise.close_connections()

    await database.migrate(url)
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        from domain.balances.figures import moved, open_by_kind
        from domain.balances.rebuild import disagreements
        from domain.models import BalanceDay
        assert await disagreements() == []
        figures = await moved(1, date(2026, 1, 1), date(2026, 12, 31))
        assert (figures.invoiced, figures.invoice_count, figures.received, figures.payment_count) == (18000, 3, 5000, 1)
        assert (await open_by_kind(1, date(2026, 3, 1)))['invoice'].due == 13000
        from domain.payments.credit import available_credit
        assert sum((await available_credit(1)).values()) == 5000  # 0021: a payment no invoice took is credit now
        await BalanceDay.filter(contact_id=1).update(invoiced_high=0, invoiced_low=1)
    finally:
        await Tortoise.close_connections()

    env = {**os.environ, 'DATABASE_URL': url}
    found = subprocess.run([sys.executable, '-m', 'commands.verify_balances'], cwd=ROOT, env=env, capture_output=True, check=False,
                           text=True)
    assert found.returncode == 1 and 'stored (1, 3, 0, 0), documents and payments say (18000, 3, 0, 0)' in found.stdout, found.stdout + found.stderr
    repaired = subprocess.run([sys.executable, '-m', 'commands.verify_balances', '--repair'], cwd=ROOT, env=env, check=False,
                              capture_output=True, text=True)
    assert repaired.returncode == 0 and 'every figure agrees' in repaired.stdout, repaired.stdout + repaired.stderr
    again = subprocess.run([sys.executable, '-m', 'commands.verify_balances'], cwd=ROOT, env=env, capture_output=True, check=False,
                           text=True)
    assert again.returncode == 0, again.stdout + again.stderr
