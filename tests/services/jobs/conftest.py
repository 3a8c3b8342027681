"""A clock the tests of scheduled work move by hand (domain/clock.py is the only one that tells the time)."""
from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from domain import clock


class MovingClock:
    """Stands still until a test sets it or moves it on."""

    def __init__(self, start: datetime) -> None:
        self.now = start

    def set(self, moment: datetime) -> None:
        self.now = moment

    def move(self, **span: float) -> None:
        self.now += timedelta(**span)


@pytest.fixture
def moving_clock(monkeypatch: pytest.MonkeyPatch) -> MovingClock:
    moving = MovingClock(clock.now())
    monkeypatch.setattr(clock, 'now', lambda: moving.now)
    return moving
