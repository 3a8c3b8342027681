"""Which backups the nightly job keeps: the newest of each of the last 7 days, 4 weeks and 12 months."""
from datetime import UTC, datetime, timedelta

from domain.jobs.retention import to_keep


def nightly(first: datetime, days: int) -> list[datetime]:
    return [first + timedelta(days=n) for n in range(days)]


def test_a_year_of_nightly_backups_keeps_a_week_of_days_a_month_of_weeks_and_a_year_of_months():
    taken = nightly(datetime(2025, 1, 1, 2, tzinfo=UTC), 400)  # up to Friday 4 February 2026
    kept = sorted(to_keep(taken))
    last = taken[-1]
    assert taken[-7:] == kept[-7:]  # every one of the last seven nights
    assert len(kept) <= 7 + 4 + 12
    weeks = {moment.isocalendar()[:2] for moment in kept if moment > last - timedelta(weeks=4)}
    assert len(weeks) == 4
    months = {(moment.year, moment.month) for moment in kept}
    assert len(months) == 12 and min(months) == (2025, 3)
    assert datetime(2025, 12, 31, 2, tzinfo=UTC) in kept  # the newest of December stands for it


def test_a_pause_in_backups_never_costs_the_last_ones():
    taken = nightly(datetime(2026, 1, 1, 2, tzinfo=UTC), 5)  # then the server was off for months
    assert to_keep(taken) == set(taken)
    assert to_keep([*taken, datetime(2026, 6, 1, 2, tzinfo=UTC)]) == {*taken, datetime(2026, 6, 1, 2, tzinfo=UTC)}


def test_a_day_with_two_backups_keeps_the_later_one():
    earlier = nightly(datetime(2026, 3, 2, 2, tzinfo=UTC), 7)
    night, run_by_hand = datetime(2026, 3, 9, 2, tzinfo=UTC), datetime(2026, 3, 9, 15, tzinfo=UTC)
    kept = to_keep([*earlier, night, run_by_hand])
    assert run_by_hand in kept and night not in kept
    assert set(earlier[1:]) <= kept
