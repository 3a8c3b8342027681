"""Staff set the payment reminder schedule in Portal settings: every wrong field gets its message under it and
nothing is saved; once corrected, the schedule is saved whole."""
from __future__ import annotations

from nicegui.testing import User

from domain.models import ReminderSchedule
from tests import factories
from tests.ui.conftest import click, sign_in


async def open_settings(user: User) -> None:
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio', currency='EUR')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/settings')
    await user.should_see('Payment reminders', retries=30)


def field(user: User, marker: str):
    (element,) = user.find(marker=marker).elements
    return element


def fill(user: User, values: dict[str, str]) -> None:
    for marker, value in values.items():
        field(user, marker).set_value(value)


async def test_each_wrong_field_says_why_under_it_and_nothing_is_saved(user: User):
    await open_settings(user)
    assert [field(user, f'level-{n}-days').value for n in range(5)] == ['-3', '0', '7', '14', '30']
    assert field(user, 'level-0-subject-de').value == 'Rechnung {number} ist am {due_date} fällig'
    fill(user, {'level-0-days': '-61', 'level-1-days': '366', 'level-3-days': '7',
                'level-2-subject-fr': 'Facture {numero} impayée', 'level-2-message-es': 'Pague {amount_due',
                'level-1-fee_kind': 'percent', 'level-1-fee_percent': '100.5',
                'level-4-fee_kind': 'percent', 'level-4-fee_percent': '5', 'level-4-fee_cap': '-10'})
    field(user, 'reminders_on').set_value(True)
    click(user, 'Save reminders')
    await user.should_see('Nothing was saved: please correct the fields marked.', retries=30)
    days = 'Enter a number of days from -60 (before the due date) to 365.'
    assert field(user, 'level-0-days').error == days
    assert field(user, 'level-1-days').error == days
    assert field(user, 'level-3-days').error == 'Another level is already on this day. Give each level its own day.'
    assert field(user, 'level-2-subject-fr').error == ('{numero} is not a placeholder. Use {number}, {amount_due}, '
                                                       '{due_date}, {days_overdue}, {link}.')
    assert field(user, 'level-2-message-es').error == ('A curly bracket without its pair: write placeholders like '
                                                       '{number}.')
    assert field(user, 'level-1-fee_percent').error == 'A late fee can be at most 100% of the amount due.'
    assert field(user, 'level-4-fee_cap').error == 'The amount cannot be negative.'
    assert field(user, 'level-4-fee_percent').error is None
    assert field(user, 'level-2-days').error is None
    assert await ReminderSchedule.all().count() == 0

    fill(user, {'level-0-days': '-5', 'level-1-days': '1', 'level-3-days': '21',
                'level-2-subject-fr': 'Facture {number} impayée', 'level-2-message-es': 'Pague {amount_due}',
                'level-1-fee_percent': '1.5', 'level-4-fee_cap': '40'})
    field(user, 'late_fees_on').set_value(True)
    click(user, 'Save reminders')
    await user.should_see('Payment reminders saved.', retries=30)
    assert field(user, 'level-1-fee_percent').error is None
    saved = await ReminderSchedule.get()
    assert (saved.reminders_on, saved.late_fees_on) == (True, True)
    assert [level['days'] for level in saved.levels] == [-5, 1, 7, 21, 30]
    assert saved.levels[1]['fee'] == {'kind': 'percent', 'amount': 0, 'percent': '1.5', 'cap': 0}
    assert saved.levels[4]['fee'] == {'kind': 'percent', 'amount': 0, 'percent': '5', 'cap': 4000}
    assert saved.levels[2]['texts']['fr']['subject'] == 'Facture {number} impayée'


async def test_levels_are_added_and_removed_before_saving(user: User):
    await open_settings(user)
    click(user, 'Add level')
    await user.should_see('Level 6', retries=30)
    assert field(user, 'level-5-days').value == '37'
    fill(user, {'level-5-days': '60', 'level-5-fee_kind': 'flat', 'level-5-fee_amount': '25'})
    user.find(marker='level-0-remove').click()  # the level 3 days before the due date goes
    await user.should_not_see('Level 6', retries=30)
    assert field(user, 'level-4-days').value == '60'  # what was typed stays
    field(user, 'reminders_on').set_value(True)
    click(user, 'Save reminders')
    await user.should_see('Payment reminders saved.', retries=30)
    saved = await ReminderSchedule.get()
    assert [level['days'] for level in saved.levels] == [0, 7, 14, 30, 60]
    assert saved.levels[4]['fee'] == {'kind': 'flat', 'amount': 2500, 'percent': '0', 'cap': 0}
