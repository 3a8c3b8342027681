"""Every setting the portal reads from its environment, in one place (the README lists them)."""
from __future__ import annotations

import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).parent


@dataclass(frozen=True)
class Settings:
    data_dir: Path
    database_url: str
    secret: str
    host: str = '127.0.0.1'
    port: int = 8080
    public_url: str = 'http://127.0.0.1:8080'
    smtp_host: str = ''
    smtp_port: int = 25
    smtp_username: str = ''
    smtp_password: str = field(default='', repr=False)
    smtp_tls: str = 'none'  # none | starttls | tls
    mail_from: str = 'portal@localhost'
    stripe_secret_key: str = field(default='', repr=False)
    stripe_publishable_key: str = ''
    stripe_webhook_secret: str = field(default='', repr=False)
    stripe_api_base: str = ''
    localstripe_port: str = '8420'
    db_pool_size: int = 20
    worker_name: str = ''
    jobs_interval_seconds: float = 60.0  # how often the scheduler wakes; 0: never (tests start runs themselves)
    test_mode: bool = False  # PORTAL_TEST_MODE=1: test-only settings such as TEST_CLOCK_OFFSET are allowed
    test_clock_offset: str = ''  # moves the clock (see domain/clock.py); refused unless test_mode
    backup_dir_setting: str = ''  # BACKUP_DIR; empty: DATA_DIR/backups
    metrics_token: str = field(default='', repr=False)  # GET /metrics from beyond loopback needs it
    request_log: str = ''  # 'json': one JSON line per request

    @property
    def backup_dir(self) -> Path:
        return Path(self.backup_dir_setting).resolve() if self.backup_dir_setting else self.data_dir / 'backups'

    @property
    def https(self) -> bool:
        return self.public_url.startswith('https://')

    @property
    def payment_server(self) -> str:
        """Where card payments go: 'stripe' (a secret key is set), 'external' (a Stripe-compatible test server at
        STRIPE_API_BASE), 'embedded' (a local test server the app starts itself) or 'off'."""
        if self.stripe_secret_key:
            return 'stripe'
        if self.stripe_api_base:
            return 'external'
        return 'off' if self.localstripe_port.strip().lower() == 'off' else 'embedded'

    @classmethod
    def from_env(cls, env: dict[str, str] | None = None) -> Settings:
        env = dict(os.environ if env is None else env)
        data_dir = Path(env.get('DATA_DIR', ROOT / 'data')).resolve()
        port = int(env.get('PORT', '8080'))
        host = env.get('HOST', '127.0.0.1')
        return cls(
            data_dir=data_dir,
            database_url=env.get('DATABASE_URL') or f'sqlite://{data_dir / "portal.sqlite3"}',
            secret=env.get('PORTAL_SECRET') or _local_secret(data_dir),
            host=host,
            port=port,
            public_url=(env.get('PUBLIC_URL') or f'http://{host}:{port}').rstrip('/'),
            smtp_host=env.get('SMTP_HOST', ''),
            smtp_port=int(env.get('SMTP_PORT', '25')),
            smtp_username=env.get('SMTP_USERNAME', ''),
            smtp_password=env.get('SMTP_PASSWORD', ''),
            smtp_tls=env.get('SMTP_TLS', 'none'),
            mail_from=env.get('MAIL_FROM', 'portal@localhost'),
            stripe_secret_key=env.get('STRIPE_SECRET_KEY', ''),
            stripe_publishable_key=env.get('STRIPE_PUBLISHABLE_KEY', ''),
            stripe_webhook_secret=env.get('STRIPE_WEBHOOK_SECRET', ''),
            stripe_api_base=env.get('STRIPE_API_BASE', '').rstrip('/'),
            localstripe_port=env.get('LOCALSTRIPE_PORT', '8420'),
            db_pool_size=int(env.get('DB_POOL_SIZE', '20')),
            worker_name=env.get('WORKER_NAME', '') or f'pid-{os.getpid()}',
            jobs_interval_seconds=max(float(env.get('JOBS_INTERVAL_SECONDS', '60') or 0), 0.0),
            test_mode=env.get('PORTAL_TEST_MODE', '') == '1',
            test_clock_offset=env.get('TEST_CLOCK_OFFSET', ''),
            backup_dir_setting=env.get('BACKUP_DIR', ''),
            metrics_token=env.get('METRICS_TOKEN', ''),
            request_log=env.get('REQUEST_LOG', '').strip().lower(),
        )


def _local_secret(data_dir: Path) -> str:
    """A secret generated once for local runs and kept in the data folder, so sign-ins survive restarts."""
    path = data_dir / 'secret.key'
    if not path.exists():
        data_dir.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(secrets.token_urlsafe(48), encoding='utf-8')
    return path.read_text(encoding='utf-8').strip()


_current: Settings | None = None


def get() -> Settings:
    """The settings of this process, read from the environment on first use."""
    global _current  # noqa: PLW0603
    if _current is None:
        _current = Settings.from_env()
    return _current


def reload() -> Settings:
    """Read the environment again (the app's start and the tests call this)."""
    global _current  # noqa: PLW0603
    _current = Settings.from_env()
    return _current
