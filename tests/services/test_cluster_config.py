"""`make cluster`'s HAProxy configuration is valid for Debian's HAProxy, and the runner refuses SQLite."""
import shutil
import subprocess
import sys

from integrations.cluster import haproxy_config
from tests.conftest import ROOT
from tests.tls_support import self_signed_pem

HAPROXY = shutil.which('haproxy') or '/usr/sbin/haproxy'


def test_the_generated_configuration_passes_haproxys_own_check(tmp_path):
    text = haproxy_config('127.0.0.1:8080', {'app1': 8101, 'app2': 8102}, tmp_path / 'admin.sock', https=True)
    path = tmp_path / 'haproxy.cfg'
    path.write_text(text)
    check = subprocess.run([HAPROXY, '-c', '-f', str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert 'server app2 127.0.0.1:8102 check cookie app2' in text
    assert 'insert indirect nocache httponly secure' in text


def test_with_a_certificate_it_serves_https_redirects_http_and_sends_hsts(tmp_path):
    certificate = self_signed_pem(tmp_path)
    text = haproxy_config('127.0.0.1:8443', {'app1': 8101}, tmp_path / 'admin.sock', certificate=certificate,
                          redirect_bind='127.0.0.1:8080')
    path = tmp_path / 'haproxy.cfg'
    path.write_text(text)
    check = subprocess.run([HAPROXY, '-c', '-f', str(path)], capture_output=True, text=True, check=False)
    assert check.returncode == 0, check.stdout + check.stderr
    assert f'bind 127.0.0.1:8443 ssl crt {certificate}' in text and 'bind 127.0.0.1:8080\n' in text
    assert 'redirect scheme https code 301' in text and 'Strict-Transport-Security' in text
    assert 'insert indirect nocache httponly secure' in text


def test_without_a_certificate_there_is_one_plain_bind_and_metrics_stay_inside(tmp_path):
    text = haproxy_config('127.0.0.1:8080', {'app1': 8101}, tmp_path / 'admin.sock')
    assert [line for line in text.splitlines() if line.startswith('    bind')] == ['    bind 127.0.0.1:8080']
    assert 'set-header Strict-Transport-Security' not in text
    assert 'return status 404 content-type text/plain string "Not Found" if { path /metrics }' in text


def test_the_cluster_needs_postgresql(tmp_path):
    env = {'DATA_DIR': str(tmp_path), 'DATABASE_URL': f'sqlite://{tmp_path / "portal.sqlite3"}', 'PATH': '/usr/bin'}
    result = subprocess.run([sys.executable, '-m', 'integrations.cluster'], cwd=ROOT, env=env, capture_output=True,
                            text=True, timeout=60, check=False)
    assert result.returncode != 0
    assert 'make cluster needs PostgreSQL' in result.stderr
