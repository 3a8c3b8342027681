"""The statement upload route as staff's browser reaches it: a CAMT.053 file is imported, one past 10 MB is refused
while it streams (or at once when it says its size), a client's session gets nothing, and nothing is recorded."""
from __future__ import annotations

from datetime import timedelta

import httpx
import pytest
from fastapi import FastAPI

from domain import clock, tokens
from domain.models import BankImport, BankLine, Document, SessionKind
from domain.models.people import Session
from integrations import web
from integrations.body_limit import BodyLimit
from pages import bank_statement_route
from tests import factories
from tests.bank_support import Credit, camt053

LIMIT = 10 * 1024 * 1024


async def signed_in(person=None, staff=None) -> tuple[str, str]:
    key = tokens.new_secret()
    now = clock.now()
    kind = SessionKind.PORTAL if person else SessionKind.STAFF
    await Session.create(kind=kind, person=person, staff=staff, key_hash=tokens.digest(key), created_at=now,
                         last_seen_at=now, expires_at=now + timedelta(hours=1))
    return web.COOKIE[kind], key


def http(cookie: tuple[str, str]) -> httpx.AsyncClient:
    app = FastAPI()
    app.add_middleware(BodyLimit)
    app.add_middleware(web.PortalMiddleware)
    app.include_router(bank_statement_route.router)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test',
                             cookies={cookie[0]: cookie[1]})


@pytest.fixture
async def owner(db):
    await factories.business(currency='EUR')
    return await factories.staff('owner@example.com')


async def test_a_statement_is_uploaded_and_imported(owner):
    contact = await factories.contact('Acme Corporation', currency='EUR')
    invoice = await factories.invoice(contact, 12000)
    await Document.filter(id=invoice.id).update(currency='EUR')
    async with http(await signed_in(staff=owner)) as client:
        answer = await client.post('/staff/bank-statements', content=camt053([Credit(12000, text=invoice.number)]),
                                   headers={'X-File-Name': 'nov%C3%A9mber.xml'})
        assert answer.status_code == 201, answer.text
        assert (answer.json()['new'], answer.json()['known']) == (1, 0)
        again = await client.post('/staff/bank-statements', content=camt053([Credit(12000, text=invoice.number)]),
                                  headers={'X-File-Name': 'november.xml'})
        assert (again.json()['new'], again.json()['known']) == (0, 1)
        not_camt = await client.post('/staff/bank-statements', content=b'date,amount\n', headers={'X-File-Name': 'x'})
        assert not_camt.status_code == 422 and 'CAMT.053' in not_camt.json()['message']
    assert (await BankImport.first()).file_name == 'novémber.xml'
    assert await BankLine.all().count() == 1


async def test_a_file_over_ten_megabytes_is_refused_while_it_streams(owner):
    sent = 0

    async def eleven_megabytes():
        nonlocal sent
        for _ in range(11 * 16):
            sent += 65536
            yield b' ' * 65536

    async with http(await signed_in(staff=owner)) as client:
        refused = await client.post('/staff/bank-statements', content=eleven_megabytes(),
                                    headers={'X-File-Name': 'big.xml'})
        assert refused.status_code == 413
        assert refused.json()['message'] == 'A statement file can be at most 10 MB.'
        assert sent <= LIMIT + 2 * 65536, f'the server read {sent} bytes'
        announced = await client.post('/staff/bank-statements', content=b'<',
                                      headers={'X-File-Name': 'big.xml', 'Content-Length': str(11 * 2**20)})
        assert announced.status_code == 413
    assert not await BankImport.exists()


async def test_a_client_cannot_upload_a_statement(owner):
    contact = await factories.contact('Acme Corporation')
    casey = await factories.person(contact, 'casey@acme.example')
    async with http(await signed_in(person=casey)) as client:
        answer = await client.post('/staff/bank-statements', content=camt053([Credit(100)]),
                                   headers={'X-File-Name': 'x.xml'})
        assert answer.status_code == 404
    assert not await BankImport.exists()
