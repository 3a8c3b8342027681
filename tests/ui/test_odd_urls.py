"""Odd URLs get the page, not an error: every page, PDF and download route of both sides, walked with bogus query
values and ids that are huge, negative, zero or not numbers at all, signed in on each side. Nothing answers 500 (or
FastAPI's 422), and an id that cannot be a record is the same 404 page as a missing one."""
from __future__ import annotations

import inspect
import re

from nicegui.testing import User

import pages
from domain.models import InvoiceStatus
from tests import factories
from tests.ui.conftest import sign_in

BOGUS_IDS = ['0', '-1', '99999999999999999999', '9223372036854775807', '2147483648', 'abc', '1e3', '%00', '\uff11']
BOGUS_VALUES = ['bogus', '-1', '99999999999999999999', '%00', 'a' * 300]
PARAM = re.compile(r'{(\w+)(?::\w+)?}')
NOT_PAGES = {'/stripe/webhook'}  # takes POST bodies: see test_body_limits_server.py and test_error_headers.py


def routes() -> list[tuple[str, list[str]]]:
    """(path template, query parameter names) of every GET route the pages define."""
    found = []
    for router in pages.routers():
        for route in router.routes:
            if route.path in NOT_PAGES or 'GET' not in route.methods:
                continue
            names = PARAM.findall(route.path)
            query = [n for n in inspect.signature(route.endpoint).parameters if n not in {'request', *names}]
            found.append((route.path, query))
    return found


async def signed_in_on_both_sides(user: User) -> dict[str, str]:
    """Real records of every kind, so a valid id can be combined with bogus query values."""
    await user.open('/portal/login')
    await factories.business()
    await factories.staff('owner@example.com')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 12000)
    estimate = await factories.estimate(acme, 5000)
    await factories.invoice(acme, 3000, status=InvoiceStatus.DRAFT)
    await factories.payment(acme, [(invoice, 2000)])
    await sign_in(user, 'portal', 'casey@acme.example')
    await sign_in(user, 'staff', 'owner@example.com')
    return {'document_id': str(invoice.id), 'invoice_id': str(invoice.id), 'estimate_id': str(estimate.id),
            'contact_id': str(acme.id), 'mail_id': '1', 'token': 'x' * 43}


def fill(template: str, values: dict[str, str]) -> str:
    return PARAM.sub(lambda m: values[m.group(1)], template)


async def get(user: User, path: str) -> int:
    response = await user.http_client.get(path, follow_redirects=False)
    return response.status_code


async def test_every_route_on_both_sides_answers_bogus_ids_and_query_values_without_an_error(user: User):
    real = await signed_in_on_both_sides(user)
    walked = routes()
    assert len(walked) >= 38, 'every page, PDF and download route should be walked'
    failures = []
    for template, query in walked:
        if PARAM.search(template):
            for bogus in BOGUS_IDS:
                path = fill(template, {name: bogus for name in real})
                status = await get(user, path)
                if status != 404 and not template.startswith(('/portal/invitation', '/portal/reset-password')):
                    failures.append((path, status))
                elif status >= 500:
                    failures.append((path, status))
        for bogus in BOGUS_VALUES:
            path = fill(template, real) + ('?' + '&'.join(f'{name}={bogus}' for name in query) if query else '')
            status = await get(user, path)
            allowed = {200, 400} if template.endswith('statement.pdf') else {200, 404}
            if status not in allowed:
                failures.append((path, status))
    assert not failures, failures
