"""The schedule in Portal settings: the defaults until staff save one; every wrong field says why and nothing is
saved; what is saved is read back as typed, in the reader's way of writing numbers."""
from __future__ import annotations

import pytest

from domain.errors import Invalid
from domain.formats import reading
from domain.models import ReminderSchedule
from domain.reminders.schedule import LevelForm, ScheduleForm, current_schedule, get_schedule, save_schedule
from tests import factories


async def test_the_default_schedule_is_off_with_five_levels_in_every_language(db):
    await factories.business(currency='EUR')
    view = await get_schedule(await factories.staff_actor())
    assert (view.form.reminders_on, view.form.late_fees_on, view.currency) == (False, False, 'EUR')
    assert [level.days for level in view.form.levels] == ['-3', '0', '7', '14', '30']
    assert set(view.form.levels[0].subjects) == {'en', 'de', 'fr', 'es'}
    assert not (await current_schedule()).reminders_on


def typed(**changes) -> LevelForm:
    level = LevelForm(days='7', subjects={language: 'Invoice {number}' for language in ('en', 'de', 'fr', 'es')},
                      messages={language: 'Please pay {amount_due}: {link}' for language in ('en', 'de', 'fr', 'es')})
    for name, value in changes.items():
        setattr(level, name, value)
    return level


@pytest.mark.parametrize(('levels', 'field', 'message'), [
    ([typed(days='-61')], 'level-0-days', 'Enter a number of days from -60 (before the due date) to 365.'),
    ([typed(days='366')], 'level-0-days', 'Enter a number of days from -60 (before the due date) to 365.'),
    ([typed(days='1.5')], 'level-0-days', 'Enter a whole number of days: negative before the due date, 0 on it.'),
    ([typed(days='7'), typed(days='+7')], 'level-1-days',
     'Another level is already on this day. Give each level its own day.'),
    ([typed(subjects={'en': 'Invoice {nummer}', 'de': 'x', 'fr': 'x', 'es': 'x'})], 'level-0-subject-en',
     '{nummer} is not a placeholder. Use {number}, {amount_due}, {due_date}, {days_overdue}, {link}.'),
    ([typed(messages={'en': 'x', 'de': 'x', 'fr': 'x', 'es': 'Pague {amount_due'})], 'level-0-message-es',
     'A curly bracket without its pair: write placeholders like {number}.'),
    ([typed(fee_kind='percent', fee_percent='100.01')], 'level-0-fee_percent',
     'A late fee can be at most 100% of the amount due.'),
    ([typed(fee_kind='percent', fee_percent='5', fee_cap='-1')], 'level-0-fee_cap', 'The amount cannot be negative.'),
    ([typed(fee_kind='flat', fee_amount='0')], 'level-0-fee_amount', 'Enter an amount above zero.'),
    ([typed(subjects={'en': '', 'de': 'x', 'fr': 'x', 'es': 'x'})], 'level-0-subject-en', 'Enter a subject.'),
    ([typed()] * 11, 'levels', 'A schedule has at most 10 levels.'),
])
async def test_a_wrong_field_says_why_and_nothing_is_saved(db, levels, field, message):
    await factories.business()
    staff = await factories.staff_actor()
    with pytest.raises(Invalid) as refused:
        await save_schedule(staff, ScheduleForm(True, True, levels))
    assert refused.value.fields[field] == message
    assert await ReminderSchedule.all().count() == 0


async def test_a_saved_schedule_reads_back_in_order_and_in_the_readers_numbers(db):
    await factories.business(currency='EUR')
    staff = await factories.staff_actor()
    with reading('de'):
        await save_schedule(staff, ScheduleForm(True, True, [
            typed(days='30', fee_kind='percent', fee_percent='2,5', fee_cap='1.000,00'),
            typed(days='-5', fee_kind='flat', fee_amount='12,50')]))
        view = await get_schedule(staff)
    assert [level.days for level in view.form.levels] == ['-5', '30']
    assert (view.form.levels[0].fee_kind, view.form.levels[0].fee_amount) == ('flat', '12,50')
    assert (view.form.levels[1].fee_percent, view.form.levels[1].fee_cap) == ('2,5', '1000,00')
    schedule = await current_schedule()
    assert schedule.late_fees_on and [level.fee.cap for level in schedule.levels] == [0, 100000]
