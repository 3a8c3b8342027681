"""The app's clock moves only in test mode: by a fixed span, or by the span a file holds, read again when it changes."""
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from domain import clock


@pytest.fixture(autouse=True)
def real_clock_after() -> Iterator[None]:
    yield
    clock.use_test_offset('', test_mode=False)


def offset() -> timedelta:
    moved = clock.now() - datetime.now(UTC)
    return timedelta(seconds=round(moved.total_seconds()))


def test_a_moved_clock_is_refused_outside_test_mode():
    with pytest.raises(RuntimeError, match='PORTAL_TEST_MODE=1'):
        clock.use_test_offset('3d', test_mode=False)
    assert offset() == timedelta(0)
    clock.use_test_offset('', test_mode=False)  # no setting: nothing to refuse


def test_in_test_mode_the_clock_moves_by_the_span_given():
    for setting, span in (('3d', timedelta(days=3)), ('-90m', timedelta(minutes=-90)), ('2h', timedelta(hours=2)),
                          ('45s', timedelta(seconds=45)), ('600', timedelta(minutes=10))):
        clock.use_test_offset(setting, test_mode=True)
        assert offset() == span, setting
    with pytest.raises(ValueError, match='not a span of time'):
        clock.use_test_offset('tomorrow', test_mode=True)


def test_a_clock_file_moves_a_running_app_whenever_it_changes(tmp_path: Path):
    path = tmp_path / 'offset'
    clock.use_test_offset(f'@{path}', test_mode=True)
    assert offset() == timedelta(0)  # no file yet
    path.write_text('1d', encoding='utf-8')
    assert offset() == timedelta(days=1)
    path.write_text('2d', encoding='utf-8')
    assert offset() == timedelta(days=2)
    assert clock.today('Pacific/Auckland') == (datetime.now(UTC) + timedelta(days=2)).astimezone(
        clock.ZoneInfo('Pacific/Auckland')).date()
    path.write_text('', encoding='utf-8')
    assert offset() == timedelta(0)
