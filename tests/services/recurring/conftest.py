"""Recurring invoices with a clock the tests move: a business in Berlin, Acme with Casey (portal access), and a
profile typed the way staff type one in the editor."""
from __future__ import annotations

from datetime import UTC, date, datetime

from domain.actors import StaffActor
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.jobs.catalogue import MAKE_RECURRING_INVOICES
from domain.jobs.runner import run_job
from domain.models import Document, DocumentKind
from domain.recurring.drafts import RecurringDraft
from domain.recurring.profiles import create_profile
from tests.services.jobs.conftest import MovingClock, moving_clock  # noqa: F401 (a fixture)

ZONE = 'Europe/Berlin'


def at(year: int, month: int, day: int, hour: int = 10) -> datetime:
    """A moment given in UTC (10:00 UTC is noon or eleven in Berlin)."""
    return datetime(year, month, day, hour, tzinfo=UTC)


def typed(contact_id: int, start: date, *, frequency: str = 'monthly', name: str = 'Hosting {month} {year}',
          description: str = '', rate: str = '120.00', **schedule) -> RecurringDraft:
    invoice = DocumentDraft(DocumentKind.INVOICE, contact_id=contact_id, notes='Thank you!',
                            lines=[LineDraft(name=name, description=description, quantity='1', rate=rate)])
    return RecurringDraft(invoice=invoice, frequency=frequency, start_date=start.isoformat(), **schedule)


async def start_profile(actor: StaffActor, contact_id: int, start: date, **fields) -> int:
    return await create_profile(actor, typed(contact_id, start, **fields))


async def make(process: str = 'test') -> tuple[int, int, int]:
    summary = await run_job(MAKE_RECURRING_INVOICES, process=process)
    return summary.done, summary.skipped, summary.failed


async def made(profile_id: int) -> list[Document]:
    return await Document.filter(recurring_profile_id=profile_id).order_by('issue_date', 'id')


async def made_dates(profile_id: int) -> list[tuple[date, date | None]]:
    return [(invoice.issue_date, invoice.due_date) for invoice in await made(profile_id)]
