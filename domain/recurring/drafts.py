"""A recurring profile as staff type it: the invoice part is the invoice editor's own draft (documents/drafts.py),
checked by the same rules; the schedule part is checked here, every problem at once, each under its field. Pure."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from domain.documents.drafts import CleanDraft, DocumentDraft, LineDraft, clean
from domain.documents.rules import MAX_TERMS_DAYS, parse_day
from domain.errors import Invalid
from domain.formats import _
from domain.models import DocumentKind
from domain.recurring.rules import CHARGE_ON, ENDS, FREQUENCIES, MAX_COUNT, Schedule, placeholder_problem


@dataclass
class RecurringDraft:
    invoice: DocumentDraft = field(default_factory=lambda: DocumentDraft(DocumentKind.INVOICE, lines=[LineDraft()]))
    frequency: str = 'monthly'
    start_date: str = ''
    end_kind: str = 'never'
    end_count: str = ''
    end_date: str = ''
    payment_terms: str = '30'
    send_by_itself: bool = True
    auto_charge: bool = False
    charge_on: str = 'due'


def clean_recurring(draft: RecurringDraft, currency: str = 'USD') -> tuple[CleanDraft, Schedule]:
    """The invoice and the schedule checked; every problem at once in `Invalid.fields` ('start_date', 'end_count',
    'lines.0.description', ...)."""
    errors: dict[str, str] = {}
    invoice = draft.invoice
    invoice.kind = DocumentKind.INVOICE
    invoice.issue_date = draft.start_date
    invoice.due_date = ''
    checked: CleanDraft | None = None
    try:
        checked = clean(invoice, currency)
    except Invalid as error:
        errors.update({('start_date' if key == 'issue_date' else key): text for key, text in error.fields.items()})
    for index, line in enumerate(invoice.lines):
        for key in ('name', 'description'):
            problem = placeholder_problem(getattr(line, key))
            if problem and f'lines.{index}.{key}' not in errors:
                errors[f'lines.{index}.{key}'] = problem
    if draft.frequency not in FREQUENCIES:
        errors['frequency'] = _('Choose how often an invoice is made.')
    start = _day(draft.start_date, errors, 'start_date')
    end_count = end_date = None
    if draft.end_kind not in ENDS:
        errors['end_kind'] = _('Choose when the profile ends.')
    elif draft.end_kind == 'count':
        try:
            end_count = int(draft.end_count.strip())
        except ValueError:
            errors['end_count'] = _('Enter how many invoices to make, a whole number.')
        else:
            if not 1 <= end_count <= MAX_COUNT:
                errors['end_count'] = _('Make between 1 and {most} invoices.').format(most=MAX_COUNT)
    elif draft.end_kind == 'date':
        end_date = _day(draft.end_date, errors, 'end_date')
        if start and end_date and end_date < start:
            errors['end_date'] = _('The end date cannot be before the first invoice date.')
    try:
        terms = int(draft.payment_terms.strip())
    except ValueError:
        errors['payment_terms'] = _('Enter the days until an invoice is due, a whole number.')
        terms = 0
    else:
        if not 0 <= terms <= MAX_TERMS_DAYS:
            errors['payment_terms'] = _('Payment terms are from 0 to {most} days.').format(most=MAX_TERMS_DAYS)
    if draft.charge_on not in CHARGE_ON:
        errors['charge_on'] = _('Choose when the card is charged.')
    if errors or checked is None or start is None:
        raise Invalid(errors)
    return checked, Schedule(frequency=draft.frequency, start_date=start, end_kind=draft.end_kind,
                             end_count=end_count, end_date=end_date, payment_terms=terms,
                             send_by_itself=bool(draft.send_by_itself), auto_charge=bool(draft.auto_charge),
                             charge_on=draft.charge_on)


def _day(text: str, errors: dict[str, str], key: str) -> date | None:
    if key in errors:
        return None
    try:
        return parse_day(text, what='a date')
    except ValueError as error:
        errors[key] = str(error)
        return None
