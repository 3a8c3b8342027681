"""`make backup` and `make restore FILE=...` as whoever runs the server types them (SQLite: the commands are the
same for PostgreSQL, whose dump and load the service tests cover)."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT


def command(*args: str, data: Path) -> subprocess.CompletedProcess:
    env = {'DATA_DIR': str(data), 'DATABASE_URL': f'sqlite://{data / "portal.sqlite3"}',
           'PORTAL_SECRET': 'test-secret-not-for-production', 'PATH': '/usr/bin:/bin'}
    return subprocess.run([sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False,
                          timeout=120)


def test_the_owner_backs_up_and_restores_from_the_command_line(tmp_path: Path):
    live, elsewhere = tmp_path / 'live', tmp_path / 'elsewhere'
    assert command('-m', 'integrations.database', 'migrate', data=live).returncode == 0
    assert command('-m', 'commands.seed_demo', data=live).returncode == 0

    taken = command('-m', 'commands.backup', data=live)
    assert taken.returncode == 0, taken.stderr
    (backup,) = (live / 'backups').glob('portal-*.tar')
    assert str(backup) in taken.stdout

    cut = tmp_path / 'cut.tar'
    whole = backup.read_bytes()
    cut.write_bytes(whole[:len(whole) * 3 // 5])
    refused = command('-m', 'commands.restore', str(cut), data=elsewhere)
    assert refused.returncode != 0 and 'nothing restored' in refused.stderr
    assert not (elsewhere / 'portal.sqlite3').exists()

    restored = command('-m', 'commands.restore', str(backup), data=elsewhere)
    assert restored.returncode == 0, restored.stderr
    assert 'last migration 00' in restored.stdout
    assert command('-m', 'commands.verify_balances', data=elsewhere).returncode == 0

    again = command('-m', 'commands.restore', str(backup), data=elsewhere)
    assert again.returncode != 0 and 'the target is not empty' in again.stderr
    assert command('-m', 'commands.restore', str(backup), '--force', data=elsewhere).returncode == 0
