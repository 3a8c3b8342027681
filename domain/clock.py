"""The current time, in one place so tests can move it.

Service and page tests replace `now` (monkeypatch `clock.now`). A browser test moves the clock of a running app with
`TEST_CLOCK_OFFSET`, which counts only when `PORTAL_TEST_MODE=1` (an app started with it outside test mode refuses
to start: app.py calls `use_test_offset`): a span such as `3d`, `-90m`, `2h` or `45s`, or `@PATH`, a file holding
such a span, read again at every call, so that a test moves the clock of a server that is already running.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

_SPAN = re.compile(r'^\s*([+-]?\d+)\s*([dhms]?)\s*$')
_UNITS = {'d': 'days', 'h': 'hours', 'm': 'minutes', 's': 'seconds', '': 'seconds'}
_offset: Callable[[], timedelta] | None = None


def now() -> datetime:
    moment = datetime.now(UTC)
    return moment + _offset() if _offset is not None else moment


def today(timezone: str = 'UTC') -> date:
    return now().astimezone(ZoneInfo(timezone)).date()


def parse_span(text: str) -> timedelta:
    """'3d', '-90m', '2h', '45s' or '45' (seconds) as a timedelta; ValueError for anything else."""
    found = _SPAN.match(text or '')
    if found is None:
        raise ValueError(f'not a span of time: {text!r} (write e.g. 3d, -90m, 2h or 45s)')
    return timedelta(**{_UNITS[found.group(2)]: int(found.group(1))})


def use_test_offset(setting: str, *, test_mode: bool) -> None:
    """Move this process's clock by `setting` (TEST_CLOCK_OFFSET), only in test mode (PORTAL_TEST_MODE=1); an empty
    setting puts the real clock back. Outside test mode a setting is refused with RuntimeError."""
    global _offset  # noqa: PLW0603
    if not setting.strip():
        _offset = None
        return
    if not test_mode:
        raise RuntimeError('TEST_CLOCK_OFFSET moves the clock and is refused unless PORTAL_TEST_MODE=1')
    if setting.startswith('@'):
        _offset = _FileOffset(Path(setting[1:]))
    else:
        span = parse_span(setting)
        _offset = lambda: span  # noqa: E731


class _FileOffset:
    """The span written in a file, read at every call (test mode only: a file's time stamp may not change between
    two quick writes); an absent or empty file means no offset."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.read = ('', timedelta(0))

    def __call__(self) -> timedelta:
        try:
            text = self.path.read_text(encoding='utf-8').strip()
        except FileNotFoundError:
            return timedelta(0)
        if text != self.read[0]:
            self.read = (text, parse_span(text) if text else timedelta(0))
        return self.read[1]
