"""Staff keep recurring profiles: bad input is refused under its field with nothing stored; a paused profile makes
nothing and, resumed, goes on from the next period (the paused ones are not made); an edit changes only the invoices
not made yet; a profile can start from an invoice; the lists show each profile's next date, amount and status."""
from __future__ import annotations

from datetime import date

import pytest

from domain.errors import Invalid
from domain.models import RecurringProfile
from domain.recurring.profiles import (
    create_profile,
    draft_from_invoice,
    get_profile,
    list_profiles,
    pause_profile,
    profile_for_editing,
    resume_profile,
    update_profile,
)
from tests import factories
from tests.services.recurring.conftest import ZONE, at, made, made_dates, make, start_profile, typed


async def acme():
    await factories.business(timezone=ZONE, name='Northwind Studio')
    contact = await factories.contact('Acme')
    await factories.person(contact, 'casey@acme.example')
    return contact


@pytest.mark.parametrize(('changes', 'field', 'message'), [
    ({'end_kind': 'date', 'end_date': '2026-04-30'}, 'end_date', 'The end date cannot be before the first invoice date.'),
    ({'end_kind': 'count', 'end_count': '0'}, 'end_count', 'Make between 1 and 1000 invoices.'),
    ({'end_kind': 'count', 'end_count': 'two'}, 'end_count', 'Enter how many invoices to make, a whole number.'),
    ({'frequency': 'daily'}, 'frequency', 'Choose how often an invoice is made.'),
    ({'payment_terms': '400'}, 'payment_terms', 'Payment terms are from 0 to 365 days.'),
    ({'name': 'Hosting {mnth}'}, 'lines.0.name', '{mnth} is not a placeholder. Use {month}, {year}, {period}, {date}.'),
    ({'name': '', 'rate': ''}, 'lines', 'Add at least one line with an item and a rate.'),
])
async def test_bad_input_is_refused_under_its_field_and_nothing_is_stored(db, changes, field, message):
    contact = await acme()
    actor = await factories.staff_actor()
    draft_fields = {key: value for key, value in changes.items() if key in ('name', 'rate')}
    draft = typed(contact.id, date(2026, 5, 1), **draft_fields)
    for key, value in changes.items():
        if key not in draft_fields:
            setattr(draft, key, value)
    with pytest.raises(Invalid) as refused:
        await create_profile(actor, draft)
    assert refused.value.fields[field] == message
    assert await RecurringProfile.all().count() == 0


async def test_a_paused_profile_makes_nothing_and_resumed_goes_on_from_the_next_period(db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2026, 1, 1))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2026, 1, 15))
    moving_clock.set(at(2026, 1, 15))
    assert await make() == (1, 0, 0)
    actor = await factories.staff_actor('mid@example.com')  # a session of that day
    await pause_profile(actor, profile_id)
    assert (await get_profile(actor, profile_id)).row.status == 'paused'
    moving_clock.set(at(2026, 3, 20))
    assert await make() == (0, 0, 0)
    late = await factories.staff_actor('late@example.com')  # a session of today
    await resume_profile(late, profile_id)
    resumed = await get_profile(late, profile_id)
    assert (resumed.row.status, resumed.row.next_date) == ('active', date(2026, 4, 15))
    assert await make() == (0, 0, 0)  # February and March were paused
    moving_clock.set(at(2026, 4, 15))
    assert await make() == (1, 0, 0)
    assert [issued for issued, _due in await made_dates(profile_id)] == [date(2026, 1, 15), date(2026, 4, 15)]


async def test_an_edit_changes_only_the_invoices_not_made_yet(db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2026, 1, 1))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2026, 1, 1))
    assert await make() == (1, 0, 0)
    editing = await profile_for_editing(actor, profile_id)
    assert editing.draft.invoice.lines[0].name == 'Hosting {month} {year}'
    editing.draft.invoice.lines[0].rate = '150.00'
    await update_profile(actor, profile_id, editing.draft)
    moving_clock.set(at(2026, 2, 1))
    assert await make() == (1, 0, 0)
    assert [invoice.total for invoice in await made(profile_id)] == [12000, 15000]
    actor = await factories.staff_actor('february@example.com')  # a session of that day

    editing = await profile_for_editing(actor, profile_id)  # a new schedule must start after the last invoice made
    editing.draft.frequency, editing.draft.start_date = 'quarterly', '2026-01-20'
    with pytest.raises(Invalid) as refused:
        await update_profile(actor, profile_id, editing.draft)
    assert refused.value.fields == {'start_date': 'Choose a date after 01 Feb 2026, the date of the last invoice '
                                                  'made: the invoices made stay as they are.'}
    editing.draft.start_date = '2026-04-01'
    await update_profile(actor, profile_id, editing.draft)
    moving_clock.set(at(2026, 7, 2))
    assert await make() == (2, 0, 0)
    assert [issued for issued, _due in await made_dates(profile_id)] == [
        date(2026, 1, 1), date(2026, 2, 1), date(2026, 4, 1), date(2026, 7, 1)]
    assert [invoice.total for invoice in await made(profile_id)] == [12000, 15000, 15000, 15000]


async def test_a_profile_made_from_an_invoice_copies_its_lines_and_terms_and_starts_a_month_later(db):
    contact = await acme()
    actor = await factories.staff_actor()
    invoice = await factories.document_with_lines(contact, [factories.line('Support', '2', 4500, '10')],
                                                  issued=date(2026, 3, 10), due_date=date(2026, 3, 24),
                                                  notes='Thanks')
    draft = await draft_from_invoice(actor, invoice.id)
    assert (draft.start_date, draft.payment_terms, draft.invoice.notes) == ('2026-04-10', '14', 'Thanks')
    assert [(line.name, line.quantity, line.rate, line.tax_percent) for line in draft.invoice.lines] == [
        ('Support', '2', '45.00', '10')]
    profile_id = await create_profile(actor, draft, source_id=invoice.id)
    (row,) = await list_profiles(actor, contact.id)
    assert (row.id, row.contact_name, row.frequency, row.next_date, row.total, row.status) == (
        profile_id, 'Acme', 'monthly', date(2026, 4, 10), 9900, 'active')
    assert await list_profiles(actor, contact.id + 1) == []
