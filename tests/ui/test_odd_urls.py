"""Odd URLs get the page, not an error: every page, PDF and download route of both sides, walked with bogus query
values and ids that are huge, negative, zero or not numbers at all, signed in on each side. Nothing answers 500 (or
FastAPI's 422), and an id that cannot be a record is the same 404 page as a missing one."""
from __future__ import annotations

import inspect
import re

from nicegui.testing import User

import pages
from domain.models import DocumentKind, InvoiceStatus, RecurringProfile
from tests import factories
from tests.ui.conftest import sign_in

BOGUS_IDS = ['0', '-1', '99999999999999999999', '9223372036854775807', '2147483648', 'abc', '1e3', '%00', '\uff11']
BOGUS_VALUES = ['bogus', '-1', '424242', '99999999999999999999', '%00', 'a' * 300]
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
    profile = await RecurringProfile.create(contact=acme, frequency='monthly', start_date=invoice.issue_date,
                                            anchor_date=invoice.issue_date, next_date=invoice.issue_date,
                                            lines=[{'name': 'Hosting', 'quantity': '1', 'rate': 1000}])
    note = await factories.document_with_lines(acme, factories.lines(1000), kind=DocumentKind.CREDIT_NOTE,
                                               status='open', sent_at=invoice.created_at)
    await sign_in(user, 'portal', 'casey@acme.example')
    await sign_in(user, 'staff', 'owner@example.com')
    return {'profile_id': str(profile.id), 'document_id': str(invoice.id), 'invoice_id': str(invoice.id), 'estimate_id': str(estimate.id),
            'contact_id': str(acme.id), 'mail_id': '1', 'token': 'x' * 43, 'attachment_id': '1', 'index': '0',
            'name': 'INV-000001.pdf', 'credit_note_id': str(note.id), 'flavor': 'xrechnung'}


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
                if status != (200 if '{token}' in template else 404):  # a bad link token: the "link expired" page
                    failures.append((path, status))
        for bogus in BOGUS_VALUES:
            path = fill(template, real) + ('?' + '&'.join(f'{name}={bogus}' for name in query) if query else '')
            status = await get(user, path)
            allowed = {200, 400} if template.endswith('statement.pdf') else {200, 404}
            if status not in allowed:
                failures.append((path, status))
    assert not failures, failures


async def test_unknown_filters_fall_back_to_all_and_a_page_past_the_end_shows_the_last_page_in_the_portal(user: User):
    await user.open('/portal/login')
    await factories.business()
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    for _ in range(21):  # 20 to a portal page: the 21st is alone on page 2
        await factories.invoice(acme, 1000)
    await factories.estimate(acme, 5000)
    await sign_in(user, 'portal', 'casey@acme.example')

    await user.open('/portal/invoices?status=bogus&kind=%00&page=99999999999999999999')
    await user.should_see('21 to 21 of 21 invoices')
    await user.should_see('Page 2 of 2')
    await user.open('/portal/estimates?status=nope&page=-3')
    await user.should_see('1 to 1 of 1 estimates')


async def test_unknown_filters_fall_back_and_a_page_past_the_end_shows_the_last_page_for_staff(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com')
    acme = await factories.contact('Acme Corporation')
    for _ in range(26):  # 25 to a staff page
        await factories.invoice(acme, 1000)
    await sign_in(user, 'staff', 'owner@example.com')

    await user.open('/staff/invoices?status=bogus&kind=x&sort=sideways-up&contact=99999999999999999999&page=9999')
    await user.should_see('26 to 26 of 26 invoices')
    await user.open('/staff/contacts?page=99999999999999999999')
    await user.should_see('Acme Corporation')
    await user.open('/staff/mail?status=bogus&page=-1&contact=abc')
    await user.should_see('Sent mail')


async def test_an_id_that_cannot_be_a_record_is_the_same_404_page_as_a_missing_one_on_both_sides(user: User):
    await signed_in_on_both_sides(user)

    def words(html: str) -> str:
        """The page's visible words: the client id and nonce differ between any two responses."""
        return re.sub(r"[0-9a-f]{8}-[0-9a-f-]{27}|nonce-?[\"=']?[\w-]+|'client_id': '[^']*'", '', html)
    for missing, impossible in (('/portal/invoices/424242', '/portal/invoices/99999999999999999999'),
                                ('/portal/estimates/424242', '/portal/estimates/-1'),
                                ('/staff/invoices/424242', '/staff/invoices/9223372036854775807'),
                                ('/staff/estimates/424242/edit', '/staff/estimates/abc/edit'),
                                ('/staff/contacts/424242', '/staff/contacts/0'),
                                ('/staff/recurring/424242', '/staff/recurring/abc'),
                                ('/staff/recurring/424242/edit', '/staff/recurring/-1/edit'),
                                ('/staff/mail/424242', '/staff/mail/2147483648'),
                                ('/portal/documents/424242.pdf', '/portal/documents/99999999999999999999.pdf'),
                                ('/staff/documents/424242.pdf', '/staff/documents/-5.pdf'),
                                ('/staff/contacts/424242/statement.pdf', '/staff/contacts/1e9/statement.pdf')):
        first, second = await user.http_client.get(missing), await user.http_client.get(impossible)
        assert (first.status_code, second.status_code) == (404, 404), (missing, impossible)
        assert first.headers['content-type'] == second.headers['content-type']
        if first.headers['content-type'].startswith('text/plain'):
            assert first.text == second.text == 'Not found'
        else:
            assert 'not found' in first.text.lower()
            assert len(words(first.text)) == len(words(second.text)), (missing, impossible)
