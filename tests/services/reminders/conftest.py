"""Payment reminders with a clock the tests move (domain/clock.py), a business in Berlin, and Acme with an invoice
due on 20 April 2026; the schedule is saved as staff save it in Portal settings."""
from __future__ import annotations

from datetime import UTC, date, datetime

from domain.jobs.catalogue import SEND_REMINDERS
from domain.jobs.runner import run_job
from domain.models import OutgoingMail, Reminder, ReminderSchedule
from domain.reminders.rules import DEFAULT_DAYS, Fee, level_to_json
from domain.reminders.schedule import default_level
from tests.services.jobs.conftest import MovingClock, moving_clock  # noqa: F401 (a fixture)

ZONE = 'Europe/Berlin'  # two hours ahead of UTC in April and May (summer time)
ISSUED, DUE = date(2026, 4, 1), date(2026, 4, 20)


def at(month: int, day: int, hour: int = 10, minute: int = 0) -> datetime:
    """A moment of 2026 given in UTC (10:00 UTC is noon in Berlin)."""
    return datetime(2026, month, day, hour, minute, tzinfo=UTC)


async def save_schedule(*, fees: dict[int, Fee] | None = None, late_fees: bool = False,
                        days: tuple[int, ...] = DEFAULT_DAYS, on: bool = True) -> None:
    """The default levels (or those on `days`), reminders on, and a late fee on the levels given in `fees`."""
    levels = []
    for day in days:
        stored = level_to_json(default_level(day))
        if fees and day in fees:
            fee = fees[day]
            stored['fee'] = {'kind': fee.kind, 'amount': fee.amount, 'percent': str(fee.percent), 'cap': fee.cap}
        levels.append(stored)
    await ReminderSchedule.filter(id=1).delete()
    await ReminderSchedule.create(id=1, reminders_on=on, late_fees_on=late_fees, levels=levels)


async def remind(process: str = 'test') -> tuple[int, int, int]:
    summary = await run_job(SEND_REMINDERS, process=process)
    return summary.done, summary.skipped, summary.failed


async def levels_sent(invoice_id: int) -> list[int]:
    return [row.days for row in await Reminder.filter(document_id=invoice_id).order_by('days')]


async def reminder_mail(to: str | None = None) -> list[OutgoingMail]:
    query = OutgoingMail.filter(kind='reminder')
    return await (query.filter(to_address=to) if to else query).order_by('id')
