"""Times what two-step sign-in adds to a sign-in: the code step (find the waiting sign-in, check the lockout, decrypt
the secret, accept the code once, start the session) next to the password step (bcrypt at cost 12), and the
QR code drawn for the set-up page. Prints figures and ratios measured in one run; asserts nothing.

    .venv/bin/python bench/second_factor.py [--postgres postgres://postgres@127.0.0.1:5432/test]
"""
from __future__ import annotations

import argparse
import asyncio
import os
import statistics
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-2fa-'))

import segno
from tortoise.backends.base import executor
from tortoise.context import tortoise_test_context

from domain import clock
from domain.access import auth, second_factor, second_step, signing
from domain.access import second_factor_codes as codes
from domain.access.passwords import hash_password
from domain.errors import SecondStepRequired
from domain.models import Business, Contact, ContactPerson, PortalAccess, SessionKind
from integrations.database import MODELS

RUNS = 20
PASSWORD = 'bench-password-123'


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


async def run(url: str) -> None:
    executor.EXECUTOR_CACHE.clear()
    async with tortoise_test_context(MODELS, db_url=url) as context:
        await Business.create(name='Bench', email='bench@example.com')
        contact = await Contact.create(display_name='Acme')
        hashed = await hash_password(PASSWORD)
        plain = await ContactPerson.create(contact=contact, email='plain@example.com', password_hash=hashed,
                                           portal_access=PortalAccess.ACTIVE)
        guarded = await ContactPerson.create(contact=contact, email='guarded@example.com', password_hash=hashed,
                                             portal_access=PortalAccess.ACTIVE)
        real_now, offset = clock.now, [timedelta()]
        clock.now = lambda: real_now() + offset[0]  # each round a new 30-second step, so each code is fresh
        owner = second_factor.owner_of(guarded)
        setup = await second_factor.begin(owner)
        await second_factor.confirm(owner, codes.code_at(setup.secret, clock.now()))
        client = auth.Client(ip='203.0.113.1', browser_id='bench-browser')

        password_only, password_step, code_step = [], [], []
        for _ in range(RUNS):
            offset[0] += timedelta(seconds=30)
            started = time.perf_counter()
            await signing.sign_in(SessionKind.PORTAL, plain.email, PASSWORD, client)
            password_only.append(time.perf_counter() - started)

            started = time.perf_counter()
            try:
                await signing.sign_in(SessionKind.PORTAL, guarded.email, PASSWORD, client)
            except SecondStepRequired:
                pass
            password_step.append(time.perf_counter() - started)
            started = time.perf_counter()
            await second_step.submit_code(SessionKind.PORTAL, codes.code_at(setup.secret, clock.now()), client)
            code_step.append(time.perf_counter() - started)
        clock.now = real_now
        if url.startswith('postgres'):  # the test context creates a database per run and leaves it behind
            await context.connections.close_all(discard=False)
            for connection in context.connections.all():
                await connection.db_delete()

    qr = []
    for _ in range(RUNS):
        started = time.perf_counter()
        data = segno.make(setup.uri, error='m').svg_data_uri(scale=4, border=2)
        qr.append(time.perf_counter() - started)

    print(f'  password only (bcrypt 12):        {median_ms(password_only):7.1f} ms median of {RUNS}')
    print(f'  password step, factor on:         {median_ms(password_step):7.1f} ms')
    print(f'  code step (to the session):       {median_ms(code_step):7.1f} ms')
    whole = median_ms(password_step) + median_ms(code_step)
    print(f'  sign-in with the factor / without: {whole / median_ms(password_only):6.2f}x')
    print(f'  QR code for the set-up page:      {median_ms(qr):7.1f} ms, {len(data):,} characters as a data URL')


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument('--postgres', default='')
    args = parser.parse_args()
    print(f'SQLite (file), {RUNS} rounds:')
    asyncio.run(run(f'sqlite://{Path(os.environ["DATA_DIR"]) / "bench.sqlite3"}'))
    if args.postgres:
        base = args.postgres.rsplit('/', 1)[0]
        print(f'PostgreSQL, {RUNS} rounds:')
        asyncio.run(run(f'{base}/bench_second_factor_{{}}'))


if __name__ == '__main__':
    main()
