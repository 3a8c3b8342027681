"""Who may have which statement of accounts, and for which period: the checks behind statement PDFs.

A portal person gets their own contact's statement and no other; staff get any contact's. The period arrives as
text (from a URL or a form): a named period ('this_year', ...) or 'custom' with the first and last days written
YYYY-MM-DD; an unknown name is the default period. Days that do not make a period raise Invalid, with the reason
next to the field, before anything else is read.
"""
from __future__ import annotations

import dataclasses
from datetime import date

from domain import clock, sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile
from domain.documents.access import pdf_language
from domain.documents.rules import EARLIEST_DAY, LATEST_DAY
from domain.errors import Invalid, NotFound
from domain.form_input import MAX_ID, choice
from domain.formats import N_, _
from domain.models import Business, Contact
from domain.statements.rules import STATEMENT_PERIODS, check_statement_dates, statement_period
from domain.statements.statement import Statement, build_statement

EARLIEST, LATEST = EARLIEST_DAY, LATEST_DAY  # what an invoicing period can sensibly be
_NOT_A_DATE = {'start': N_('Write the first day as a date, like 2026-01-31.'),
               'end': N_('Write the last day as a date, like 2026-01-31.')}
_OUT_OF_RANGE = {'start': N_('Choose a first day between {first} and {last}.'),
                 'end': N_('Choose a last day between {first} and {last}.')}
_MISSING = {'start': N_('Choose the first day.'), 'end': N_('Choose the last day.')}


def parse_day(text: str, field: str) -> date | None:
    """A date typed as YYYY-MM-DD; '' is None (check_statement_dates then asks for it)."""
    text = (text or '').strip()
    if not text:
        return None
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise Invalid.field(field, _(_NOT_A_DATE[field])) from None
    if not EARLIEST <= value <= LATEST:
        raise Invalid.field(field, _(_OUT_OF_RANGE[field]).format(first=EARLIEST.year, last=LATEST.year))
    return value


def custom_dates(start: str, end: str) -> tuple[date, date]:
    """Both days checked at once, so every mistake is shown together."""
    days: dict[str, date | None] = {}
    fields: dict[str, str] = {}
    for field, text in (('start', start), ('end', end)):
        try:
            days[field] = parse_day(text, field)
        except Invalid as error:
            days[field] = None
            fields.update(error.fields)
    if fields:
        raise Invalid({name: fields.get(name) or _(_MISSING[name]) for name in ('start', 'end')
                       if name in fields or days[name] is None})
    return check_statement_dates(days['start'], days['end'])


def statement_dates(period: str, start: str, end: str, today: date) -> tuple[date, date]:
    """The first and last day of a period given as text. Without a known period, dates mean custom and no dates
    mean this year, as on the statement page."""
    period = choice((period or '').strip(), STATEMENT_PERIODS, 'custom' if (start or end) else 'this_year')
    if period == 'custom':
        return custom_dates(start, end)
    return statement_period(period, today)


async def _firm_and_today() -> tuple[Business | None, date]:
    firm = await profile.the_business()
    return firm, clock.today(firm.timezone if firm else 'UTC')


async def portal_statement_for(actor: Actor, period: str, start: str = '', end: str = '') -> Statement:
    """The signed-in portal person's own statement; the contact always comes from the session, never the request."""
    if not isinstance(actor, PortalActor):
        raise NotFound()
    await sessions.check(actor)
    firm, today = await _firm_and_today()
    first, last = statement_dates(period, start, end, today)
    return await build_statement(actor.contact_id, first, last, today, firm=firm)


async def staff_statement_for(actor: Actor, contact_id: int, period: str, start: str = '',
                              end: str = '') -> Statement:
    """Any contact's statement, for staff, its PDF in the contact's primary person's language. A missing contact is
    NotFound whatever the dates say."""
    if not isinstance(actor, StaffActor) or not 0 < contact_id <= MAX_ID:
        raise NotFound()
    await sessions.check(actor)
    if not await Contact.exists(id=contact_id):
        raise NotFound()
    firm, today = await _firm_and_today()
    first, last = statement_dates(period, start, end, today)
    statement = await build_statement(contact_id, first, last, today, firm=firm)
    return dataclasses.replace(statement, pdf_language=await pdf_language(contact_id))
