"""Who gets which statement, for which period: the checks behind the statement PDFs of both sides."""
from __future__ import annotations

from datetime import date

import pytest

from domain import auth
from domain.errors import Invalid, NotFound, SessionEnded
from domain.statement_access import portal_statement_for, staff_statement_for, statement_dates
from tests import factories

TODAY = date(2026, 5, 14)


def reason(period: str, start: str = '', end: str = '') -> dict[str, str]:
    with pytest.raises(Invalid) as caught:
        statement_dates(period, start, end, TODAY)
    return caught.value.fields


def test_a_period_is_named_or_two_days_written_as_dates():
    assert statement_dates('this_month', '', '', TODAY) == (date(2026, 5, 1), date(2026, 5, 31))
    assert statement_dates('', '', '', TODAY) == (date(2026, 1, 1), date(2026, 12, 31))  # as the page opens
    assert statement_dates('custom', '2026-02-01', '2026-02-28', TODAY) == (date(2026, 2, 1), date(2026, 2, 28))
    assert statement_dates('', '2026-02-01', '2026-02-28', TODAY) == (date(2026, 2, 1), date(2026, 2, 28))
    assert statement_dates('last_month', 'ignored', 'too', TODAY) == (date(2026, 4, 1), date(2026, 4, 30))


def test_an_unknown_period_name_is_the_default_period_as_on_the_statement_page():
    assert statement_dates('next_decade', '', '', TODAY) == (date(2026, 1, 1), date(2026, 12, 31))
    assert statement_dates('forever\x00', '2026-02-01', '2026-02-28', TODAY) == (date(2026, 2, 1), date(2026, 2, 28))


def test_text_that_makes_no_period_says_what_is_wrong_next_to_the_field():
    assert reason('custom', '2026-13-01', '2026-12-31') == {'start': 'Write the first day as a date, like 2026-01-31.'}
    assert reason('custom', '2026-01-01', 'soon') == {'end': 'Write the last day as a date, like 2026-01-31.'}
    assert reason('custom', '2026-02-01', '2026-01-01') == {'end': 'The last day must be on or after the first day.'}
    assert reason('custom', '', '') == {'start': 'Choose the first day.', 'end': 'Choose the last day.'}
    assert reason('custom', '9999-01-01', '9999-12-31') == {'start': 'Choose a first day between 1900 and 2999.',
                                                            'end': 'Choose a last day between 1900 and 2999.'}
    assert reason('custom', 'x', '') == {'start': 'Write the first day as a date, like 2026-01-31.',
                                         'end': 'Choose the last day.'}
    assert reason('custom', '2000-01-01', '2026-01-01') == {'end': 'Choose a period of at most 10 years.'}


async def test_a_portal_person_gets_only_their_own_contacts_statement(db):
    acme, globex = await factories.contact('Acme'), await factories.contact('Globex')
    mine = await factories.invoice(acme, 1000, issued=date(2026, 3, 2))
    await factories.invoice(globex, 2000, issued=date(2026, 3, 2))
    actor = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    statement = await portal_statement_for(actor, 'custom', '2026-03-01', '2026-03-31')
    assert (statement.contact_id, statement.contact_name, statement.closing_balance) == (acme.id, 'Acme', 1000)
    assert [line.entry.number for line in statement.first.lines] == [mine.number]

    with pytest.raises(NotFound):
        await staff_statement_for(actor, acme.id, 'this_year')  # a portal session is no staff session
    with pytest.raises(NotFound):
        await portal_statement_for(None, 'this_year')  # type: ignore[arg-type]
    await auth.sign_out(actor)
    with pytest.raises(SessionEnded):
        await portal_statement_for(actor, 'this_year')


async def test_staff_get_any_contacts_statement_and_a_missing_contact_is_not_found_whatever_the_dates(db):
    globex = await factories.contact('Globex')
    await factories.invoice(globex, 2000, issued=date(2026, 3, 2))
    staff = await factories.staff_actor()
    statement = await staff_statement_for(staff, globex.id, 'custom', '2026-03-01', '2026-03-31')
    assert (statement.contact_name, statement.closing_balance, statement.line_count) == ('Globex', 2000, 1)
    for contact_id in (globex.id + 1, 0, -3, 2**40):
        with pytest.raises(NotFound):
            await staff_statement_for(staff, contact_id, 'custom', 'nonsense', '')
    with pytest.raises(Invalid):
        await staff_statement_for(staff, globex.id, 'custom', 'nonsense', '')
    client = await factories.portal_actor(await factories.person(globex, 'gil@globex.example'))
    with pytest.raises(NotFound):
        await portal_statement_for(staff, 'this_year')
    assert (await portal_statement_for(client, 'this_year')).contact_id == globex.id
