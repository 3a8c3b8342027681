"""The current time, in one place so tests can move it."""
from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo


def now() -> datetime:
    return datetime.now(UTC)


def today(timezone: str = 'UTC') -> date:
    return now().astimezone(ZoneInfo(timezone)).date()
