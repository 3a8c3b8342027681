"""`make cluster`: several app processes on one PostgreSQL behind HAProxy, on this machine.

It migrates and seeds the database once, starts one shared localstripe when no Stripe key is set, starts `WORKERS`
app processes (default: the number of cores) on free loopback ports, and HAProxy on `HOST:PORT` with cookie
stickiness, websockets and health checks on `/healthz` (config: deploy/haproxy.cfg.template). A process that
stops is taken out by HAProxy and its browsers move to another one; the others keep running. Ctrl-C (or SIGTERM)
stops everything it started. Each process is announced on a line `worker NAME pid PID port PORT`.
"""
from __future__ import annotations

import dataclasses
import os
import secrets
import shutil
import signal
import ssl
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable
from pathlib import Path
from string import Template

import settings
from integrations import database
from integrations.localstripe_process import LocalStripe, free_port

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / 'deploy' / 'haproxy.cfg.template'


# with a certificate: plain HTTP is sent to HTTPS, the app learns the request came over TLS (its links and Secure
# cookies), and browsers are told to use HTTPS only from then on (HSTS, a year)
TLS_RULES = """\
    http-request redirect scheme https code 301 unless { ssl_fc }
    http-request set-header X-Forwarded-Proto https if { ssl_fc }
    http-request del-header X-Forwarded-Proto unless { ssl_fc }
    http-response set-header Strict-Transport-Security "max-age=31536000" if { ssl_fc }"""


def haproxy_config(bind: str, servers: dict[str, int], admin_socket: Path, *, https: bool = False,
                   certificate: Path | None = None, redirect_bind: str = '') -> str:
    """HAProxy's configuration; with `certificate` (a PEM with the certificate chain and key) `bind` serves HTTPS,
    and `redirect_bind`, if given, answers plain HTTP with a redirect to it."""
    lines = [f'    server {name} 127.0.0.1:{port} check cookie {name}' for name, port in servers.items()]
    binds = [f'    bind {bind}' + (f' ssl crt {certificate}' if certificate else '')]
    if certificate and redirect_bind:
        binds.append(f'    bind {redirect_bind}')
    return Template(TEMPLATE.read_text(encoding='utf-8')).substitute(
        binds='\n'.join(binds), tls_rules=TLS_RULES if certificate else '', servers='\n'.join(lines),
        admin_socket=str(admin_socket), cookie_secure=' secure' if https or certificate else '')


class Cluster:
    def __init__(self, config: settings.Settings, workers: int, command: tuple[str, ...] = ('app.py',), *,
                 certificate: Path | None = None, redirect_port: int | None = None) -> None:
        self.certificate = certificate  # TLS_CERT: HAProxy serves HTTPS on HOST:PORT with it
        self.redirect_port = redirect_port  # HTTP_REDIRECT_PORT: plain HTTP there is sent to HTTPS
        if certificate and not config.https:  # the app's links and cookies follow the address people use
            config = dataclasses.replace(config, public_url=f'https://{config.host}:{config.port}')
        self.config = config
        self.workers = workers
        self.command = command  # what each app process runs (bench/cluster.py adds its measuring routes)
        self.run_dir = config.data_dir / 'cluster'
        self.apps: dict[str, subprocess.Popen] = {}
        self.haproxy: subprocess.Popen | None = None
        self.localstripe: LocalStripe | None = None
        self.stopping = False
        # called with each app process as soon as it is started, while its interpreter is still starting up, so
        # before app.py can fork anything (bench/cluster.py puts it in a CPU quota group here)
        self.on_start: Callable[[str, subprocess.Popen], None] = lambda name, process: None

    def environment(self) -> dict[str, str]:
        """What every app process shares: the database, the public address, the secret and the card processor."""
        config = self.config
        env = {**os.environ, 'PUBLIC_URL': config.public_url, 'PORTAL_SECRET': config.secret,
               'DATABASE_URL': config.database_url, 'PYTHONUNBUFFERED': '1'}
        if config.payment_server == 'embedded':
            self.localstripe = LocalStripe(config.localstripe_port, log_path=self.run_dir / 'localstripe.log')
            env['STRIPE_API_BASE'] = self.localstripe.start_blocking()
            env['STRIPE_WEBHOOK_SECRET'] = 'whsec_' + secrets.token_urlsafe(24)  # one webhook for all processes
            print(f'localstripe (shared) on {env["STRIPE_API_BASE"]}', flush=True)
        return env

    def prepare(self, env: dict[str, str]) -> None:
        for step in (['-m', 'integrations.database', 'migrate'], ['-m', 'commands.seed_demo']):
            subprocess.run([sys.executable, *step], cwd=ROOT, env=env, check=True)

    def start(self) -> None:
        self.run_dir.mkdir(parents=True, exist_ok=True)
        env = self.environment()
        self.prepare(env)
        ports = {f'app{n + 1}': free_port() for n in range(self.workers)}
        for name, port in ports.items():
            log = (self.run_dir / f'{name}.log').open('ab')
            self.apps[name] = subprocess.Popen(
                [sys.executable, *self.command], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
                env={**env, 'HOST': '127.0.0.1', 'PORT': str(port), 'WORKER_NAME': name, 'LOCALSTRIPE_PORT': 'off'})
            log.close()
            self.on_start(name, self.apps[name])
            print(f'worker {name} pid {self.apps[name].pid} port {port}', flush=True)
        self.wait_until_ready(ports)
        config_path = self.run_dir / 'haproxy.cfg'
        config_path.write_text(haproxy_config(
            f'{self.config.host}:{self.config.port}', ports, self.run_dir / 'haproxy.sock', https=self.config.https,
            certificate=self.certificate,
            redirect_bind=f'{self.config.host}:{self.redirect_port}' if self.redirect_port else ''))
        haproxy = shutil.which('haproxy') or '/usr/sbin/haproxy'
        self.haproxy = subprocess.Popen([haproxy, '-db', '-f', str(config_path)], cwd=ROOT, stdin=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while not _healthy(self.config.port, self.config.host, tls=self.certificate is not None):
            if self.haproxy.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f'haproxy did not start: see its messages above ({config_path})')
            time.sleep(0.1)
        print(f'haproxy pid {self.haproxy.pid} on {self.config.public_url} '
              f'(logs in {self.run_dir}); Ctrl-C stops everything', flush=True)

    def wait_until_ready(self, ports: dict[str, int], timeout: float = 90) -> None:
        """HAProxy starts once every process answers, so it never begins by marking them all down."""
        deadline = time.monotonic() + timeout
        for name, port in ports.items():
            while not _healthy(port):
                if self.apps[name].poll() is not None:
                    raise SystemExit(f'worker {name} could not start: see {self.run_dir / f"{name}.log"}')
                if time.monotonic() > deadline:
                    raise SystemExit(f'worker {name} did not start in time: see {self.run_dir / f"{name}.log"}')
                time.sleep(0.2)

    def watch(self) -> int:
        """Wait until asked to stop or HAProxy ends; a stopped app process is reported, the rest serve on."""
        reported: set[str] = set()
        while not self.stopping:
            if self.haproxy is not None and self.haproxy.poll() is not None:
                print(f'haproxy exited with code {self.haproxy.returncode}', flush=True)
                return 1
            for name, process in self.apps.items():
                if name not in reported and process.poll() is not None:
                    reported.add(name)
                    print(f'worker {name} stopped (exit code {process.returncode}); HAProxy sends its browsers '
                          f'to the others', flush=True)
            if len(reported) == len(self.apps):
                print('every app process has stopped', flush=True)
                return 1
            time.sleep(0.5)
        return 0

    def stop(self) -> None:
        """Stop the app processes (they finish what they are doing), then HAProxy and localstripe."""
        for process in self.apps.values():
            if process.poll() is None:
                process.send_signal(signal.SIGINT)
        deadline = time.monotonic() + 15
        for process in self.apps.values():
            try:
                process.wait(timeout=max(deadline - time.monotonic(), 0.1))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        if self.haproxy is not None and self.haproxy.poll() is None:
            self.haproxy.terminate()
            self.haproxy.wait(timeout=10)
        if self.localstripe is not None:
            self.localstripe.stop_blocking()


def _healthy(port: int, host: str = '127.0.0.1', *, tls: bool = False) -> bool:
    host = '127.0.0.1' if host in {'0.0.0.0', ''} else host
    unchecked = ssl._create_unverified_context() if tls else None  # our own HAProxy, on this machine
    try:
        with urllib.request.urlopen(f'{"https" if tls else "http"}://{host}:{port}/healthz', timeout=2,
                                    context=unchecked) as response:
            return response.status == 200
    except OSError:
        return False


def main() -> int:
    config = settings.reload()
    if not database.is_postgres(config.database_url):
        sys.exit('make cluster needs PostgreSQL: set DATABASE_URL=postgres://user:password@host:5432/database '
                 '(see the README)')
    workers = int(os.environ.get('WORKERS') or os.cpu_count() or 2)
    certificate = os.environ.get('TLS_CERT', '')
    if certificate and not Path(certificate).is_file():
        sys.exit(f'TLS_CERT={certificate} is not a file (a PEM with the certificate chain and the private key)')
    redirect = os.environ.get('HTTP_REDIRECT_PORT', '')
    cluster = Cluster(config, max(workers, 1), certificate=Path(certificate).resolve() if certificate else None,
                      redirect_port=int(redirect) if redirect and certificate else None)

    def ask_to_stop(*_) -> None:
        cluster.stopping = True
    signal.signal(signal.SIGINT, ask_to_stop)
    signal.signal(signal.SIGTERM, ask_to_stop)
    try:
        cluster.start()
        return cluster.watch()
    finally:
        signal.signal(signal.SIGINT, signal.SIG_IGN)  # a second Ctrl-C must not leave processes behind
        cluster.stop()
        print('cluster stopped', flush=True)


if __name__ == '__main__':
    sys.exit(main())
