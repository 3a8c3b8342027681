"""When a job is due: its scheduled moments are counted from midnight where the business is, across changes of the
clocks, and the next run is the moment due now until that moment has been run."""
from datetime import UTC, datetime, time, timedelta

import pytest

from domain.errors import NotFound
from domain.jobs.rules import DAY, Every, daily, failure_reason, hourly, next_run
from domain.jobs.staff import schedule_text


def utc(month: int, day: int, hour: int, minute: int = 0) -> datetime:
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


def test_hourly_moments_follow_the_business_zone_even_half_an_hour_off_utc():
    every = hourly()
    assert every.last(utc(3, 10, 8, 40), 'Asia/Kolkata') == utc(3, 10, 8, 30)  # 14:00 in Kolkata
    assert every.next(utc(3, 10, 8, 40), 'Asia/Kolkata') == utc(3, 10, 9, 30)
    assert every.last(utc(3, 10, 8, 30), 'Asia/Kolkata') == utc(3, 10, 8, 30)  # a moment is due at its very start
    assert every.last(utc(3, 10, 8, 40), 'UTC') == utc(3, 10, 8)


def test_a_daily_job_runs_at_its_local_hour_on_both_sides_of_a_change_of_clocks():
    six = daily(time(6))
    # New York moves its clocks forward on 8 March 2026: 6:00 is 11:00 UTC before, 10:00 UTC after
    assert six.last(utc(3, 7, 12), 'America/New_York') == utc(3, 7, 11)
    assert six.next(utc(3, 7, 12), 'America/New_York') == utc(3, 8, 10)
    assert six.last(utc(3, 8, 9), 'America/New_York') == utc(3, 7, 11)  # 5:00 on the 8th: not yet
    assert six.last(utc(3, 8, 10, 1), 'America/New_York') == utc(3, 8, 10)


def test_midnight_in_a_zone_ahead_of_utc_is_the_evening_before_in_utc():
    # 12:00 UTC on 10 March is 01:00 on the 11th in Auckland, 13 hours ahead: its day began at 11:00 UTC
    assert daily().last(utc(3, 10, 12), 'Pacific/Auckland') == utc(3, 10, 11)


def test_the_next_run_is_the_moment_due_now_until_it_was_run():
    every = hourly()
    now = utc(3, 10, 8, 40)
    assert next_run(every, now, 'UTC', None) == utc(3, 10, 8)
    assert next_run(every, now, 'UTC', utc(3, 10, 7)) == utc(3, 10, 8)
    assert next_run(every, now, 'UTC', utc(3, 10, 8)) == utc(3, 10, 9)


def test_an_interval_must_divide_a_day():
    for wrong in (timedelta(hours=7), timedelta(0), timedelta(days=2)):
        with pytest.raises(ValueError):
            Every(wrong)
    with pytest.raises(ValueError):
        Every(DAY, timedelta(hours=25))


def test_the_schedule_and_a_failure_read_in_words():
    assert schedule_text(hourly()) == 'Every hour'
    assert schedule_text(Every(timedelta(minutes=15))) == 'Every 15 minutes'
    assert schedule_text(Every(timedelta(hours=2))) == 'Every 2 hours'
    assert schedule_text(daily(time(6, 30))) == 'Every day at 06:30'
    assert failure_reason(NotFound('There is no such estimate.')) == 'There is no such estimate.'
    assert failure_reason(ConnectionResetError('peer went away')) == 'ConnectionResetError: peer went away'
    assert failure_reason(TimeoutError()) == 'TimeoutError'
