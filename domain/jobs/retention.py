"""Which backups to keep: pure rules, no I/O.

The newest backup of each of the last 7 days that have one, of each of the last 4 weeks (ISO weeks) and of each of
the last 12 months: at most 23 files, reaching back a year. Days, weeks and months are counted in UTC, from the
backups' own moments, so a pause in backups never deletes the last ones.
"""
from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import datetime

DAILY, WEEKLY, MONTHLY = 7, 4, 12


def _newest_per(moments: list[datetime], period: Callable[[datetime], Hashable], count: int) -> set[datetime]:
    kept: dict[Hashable, datetime] = {}
    for moment in moments:  # newest first
        if period(moment) not in kept:
            if len(kept) == count:
                break
            kept[period(moment)] = moment
    return set(kept.values())


def to_keep(moments: Iterable[datetime], daily: int = DAILY, weekly: int = WEEKLY,
            monthly: int = MONTHLY) -> set[datetime]:
    newest_first = sorted(set(moments), reverse=True)
    return (_newest_per(newest_first, lambda moment: moment.date(), daily)
            | _newest_per(newest_first, lambda moment: moment.isocalendar()[:2], weekly)
            | _newest_per(newest_first, lambda moment: (moment.year, moment.month), monthly))
