"""The business's time zone decides what is overdue and how every time reads, on both sides."""
from datetime import UTC, date, datetime

import pytest
from nicegui.testing import User

from domain import clock
from domain.models import Comment
from tests import factories
from tests.ui.conftest import sign_in

NOON_UTC = datetime(2026, 3, 5, 12, 0, tzinfo=UTC)  # already 6 March in Auckland (UTC+13)


@pytest.fixture
def at_noon_utc(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(clock, 'now', lambda: NOON_UTC)


@pytest.mark.parametrize(('zone', 'overdue'), [('UTC', False), ('Pacific/Auckland', True)])
async def test_an_invoice_due_today_in_utc_is_overdue_where_the_day_is_already_over(
        user: User, at_noon_utc: None, zone: str, overdue: bool):
    await factories.business(timezone=zone)
    acme = await factories.contact()
    await factories.person(acme, 'client@example.com')
    invoice = await factories.invoice(acme, 10000, issued=date(2026, 2, 3), due_in_days=30)  # due 5 March
    await sign_in(user, 'portal', 'client@example.com')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('05 Mar 2026', retries=30)
    if overdue:
        await user.should_see('Overdue')
    else:
        await user.should_not_see('Overdue')


async def test_staff_and_clients_read_comment_times_in_the_business_zone_with_the_zone_named(
        user: User, at_noon_utc: None):
    await factories.business(timezone='Europe/Berlin')
    await factories.staff()
    acme = await factories.contact()
    person = await factories.person(acme, 'client@example.com')
    invoice = await factories.invoice(acme, 10000, issued=date(2026, 3, 1))
    posted = await factories.comment(invoice, 'Is the total right?', person=person)
    await Comment.filter(id=posted.id).update(created_at=datetime(2026, 3, 5, 23, 30, tzinfo=UTC))

    await sign_in(user, 'staff', 'staff@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('Is the total right?', retries=30)
    await user.should_see('06 Mar 2026, 00:30 Europe/Berlin')
