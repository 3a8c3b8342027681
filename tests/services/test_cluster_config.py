"""`make cluster`'s HAProxy configuration is valid for Debian's HAProxy, and the runner refuses SQLite."""
import shutil
import subprocess
import sys

from integrations.cluster import haproxy_config
from tests.conftest import ROOT

HAPROXY = shutil.which('haproxy') or '/usr/sbin/haproxy'


def test_the_generated_configuration_passes_haproxys_own_check(tmp_path):
    text = haproxy_config('127.0.0.1:8080', {'app1': 8101, 'app2': 8102}, tmp_path / 'admin.sock', https=True)
    path = tmp_path / 'haproxy.cfg'
    path.write_text(text)
    check = subprocess.run([HAPROXY, '-c', '-f', str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert 'server app2 127.0.0.1:8102 check cookie app2' in text
    assert 'insert indirect nocache httponly secure' in text


def test_the_cluster_needs_postgresql(tmp_path):
    env = {'DATA_DIR': str(tmp_path), 'DATABASE_URL': f'sqlite://{tmp_path / "portal.sqlite3"}', 'PATH': '/usr/bin'}
    result = subprocess.run([sys.executable, '-m', 'integrations.cluster'], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert 'make cluster needs PostgreSQL' in result.stderr
