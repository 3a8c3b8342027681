"""Two real app processes on one PostgreSQL (tests/services/cluster_worker.py) run Make recurring invoices at the same
moment, each as its timer does and as Run now does, after weeks without a run: every missed period of every profile
is made once, with its own date, and sent once."""
from __future__ import annotations

from collections import Counter
from datetime import timedelta

from domain import clock
from domain.balances.rebuild import disagreements
from domain.jobs.catalogue import MAKE_RECURRING_INVOICES
from domain.models import Document, JobUnit, OutgoingMail, RecurringProfile
from domain.recurring.profiles import create_profile
from tests import factories
from tests.services.cluster_support import database_url, needs_postgres, two_processes
from tests.services.recurring.conftest import typed

pytestmark = needs_postgres
PROFILES = 10
WEEKS = 5


async def test_two_processes_making_recurring_invoices_at_once_make_one_invoice_per_profile_and_period(pg):
    await factories.business(name='Northwind Studio')
    actor = await factories.staff_actor()
    start = clock.today() - timedelta(weeks=WEEKS)
    for n in range(PROFILES):
        contact = await factories.contact(f'Client {n:02d}')
        await factories.person(contact, f'client{n}@example.com')
        await create_profile(actor, typed(contact.id, start, frequency='weekly', name=f'Plan {n} {{date}}'))

    first, second = await two_processes('jobs', database_url(pg), MAKE_RECURRING_INVOICES)
    periods = PROFILES * (WEEKS + 1)  # the first date and each week since, today's included
    assert first['done'] + second['done'] == periods and first['failed'] == second['failed'] == 0
    invoices = await Document.filter(recurring_profile_id__isnull=False).values_list(
        'recurring_profile_id', 'issue_date')
    assert len(invoices) == periods
    assert max(Counter(invoices).values()) == 1  # never two invoices for one profile and period
    for profile in await RecurringProfile.all():
        dates = sorted(issued for profile_id, issued in invoices if profile_id == profile.id)
        assert dates == [start + timedelta(weeks=week) for week in range(WEEKS + 1)]
        assert profile.made_count == WEEKS + 1 and profile.next_date == start + timedelta(weeks=WEEKS + 1)
    assert await JobUnit.filter(job=MAKE_RECURRING_INVOICES).count() == periods
    assert await OutgoingMail.filter(kind='invoice_sent').count() == periods
    assert await disagreements() == []
