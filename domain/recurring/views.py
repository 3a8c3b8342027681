"""What staff and clients read of recurring profiles: a row of a list, and a profile with the invoices it made."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from domain.documents.writing import LineSpec
from domain.models import Document, RecurringProfile


@dataclass(frozen=True)
class ProfileRow:
    id: int
    contact_id: int
    contact_name: str
    frequency: str
    next_date: date | None  # None once ended
    total: int
    currency: str
    status: str  # active, paused, ended
    made_count: int
    what: str  # the first line's item, to tell profiles apart
    auto_charge: bool
    charge_on: str
    send_by_itself: bool
    charged_to: str = ''  # in the portal: the card the company agreed to be charged ('' without that consent)


@dataclass(frozen=True)
class MadeInvoice:
    id: int
    number: str
    issue_date: date
    total: int
    status: str


@dataclass(frozen=True)
class ProfileView:
    row: ProfileRow
    start_date: date
    end_kind: str
    end_count: int | None
    end_date: date | None
    payment_terms: int
    lines: list[LineSpec]
    notes: str
    invoices: list[MadeInvoice]


def lines_of(profile: RecurringProfile) -> list[LineSpec]:
    return [LineSpec(name=line['name'], description=line.get('description', ''),
                     quantity=Decimal(line['quantity']), rate=int(line['rate']),
                     tax_percent=Decimal(line.get('tax_percent') or '0')) for line in profile.lines]


def lines_to_json(lines: list[LineSpec]) -> list[dict]:
    return [{'name': line.name, 'description': line.description, 'quantity': str(line.quantity), 'rate': line.rate,
             'tax_percent': str(line.tax_percent)} for line in lines]


def row_of(profile: RecurringProfile, contact_name: str) -> ProfileRow:
    return ProfileRow(id=profile.id, contact_id=profile.contact_id, contact_name=contact_name,
                      frequency=profile.frequency, next_date=profile.next_date if profile.status != 'ended' else None,
                      total=profile.total, currency=profile.currency, status=profile.status,
                      made_count=profile.made_count, what=profile.lines[0]['name'] if profile.lines else '',
                      auto_charge=profile.auto_charge, charge_on=profile.charge_on,
                      send_by_itself=profile.send_by_itself)


async def rows_of(profiles: list[RecurringProfile]) -> list[ProfileRow]:
    """Rows of profiles fetched with `select_related('contact')`."""
    return [row_of(profile, profile.contact.display_name) for profile in profiles]


async def made_invoices(profile_id: int) -> list[MadeInvoice]:
    return [MadeInvoice(row.id, row.number, row.issue_date, row.total, row.status)
            for row in await Document.filter(recurring_profile_id=profile_id).order_by('-issue_date', '-id')]
