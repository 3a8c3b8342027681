"""A document as staff type it (plain strings), how it is checked, and its totals while it is being typed.

Pure: no I/O. The editor page and the use cases share these functions, so the totals on the page are the totals
that get stored, and every message shown next to a field comes from one place.
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import TypeVar

from domain import form_input
from domain.documents.rules import (
    MAX_AMOUNT,
    LineInput,
    document_totals,
    line_amounts,
    max_amount_text,
    parse_day,
    parse_percent,
    parse_quantity,
    parse_rate,
    preview_line,
    tax_summary,
)
from domain.documents.views import LineView
from domain.documents.writing import LineSpec
from domain.einvoices import units, vat
from domain.errors import Invalid
from domain.formats import _, ngettext, plain_amount, plain_number
from domain.models import DocumentKind, OnlinePaymentOption

N = TypeVar('N', Decimal, int)

MAX_LINES = 200
LIMITS = {'reference': 100, 'name': 200, 'description': 2000, 'notes': 5000, 'terms': 5000}


@dataclass
class LineDraft:
    name: str = ''
    description: str = ''
    quantity: str = '1'
    rate: str = ''
    tax_percent: str = ''
    vat_category: str = ''  # '' automatic: standard rated with a tax, else zero rated
    exemption_reason: str = ''
    unit: str = units.DEFAULT

    @property
    def is_blank(self) -> bool:
        """A line nobody has typed into yet: ignored when the document is saved."""
        return not (self.name.strip() or self.description.strip() or self.rate.strip())


@dataclass
class DocumentDraft:
    kind: DocumentKind
    contact_id: int | None = None
    issue_date: str = ''
    due_date: str = ''  # invoices; empty means "from the contact's payment terms"
    expiry_date: str = ''  # estimates; empty means it never expires
    reference: str = ''
    notes: str = ''
    terms: str = ''
    lines: list[LineDraft] = field(default_factory=list)
    online_payment: str = OnlinePaymentOption.CARD
    allow_partial_payments: bool = False
    delivery_date: str = ''  # invoices: when delivered, or the service period below (EN 16931)
    period_start: str = ''
    period_end: str = ''

    @property
    def is_estimate(self) -> bool:
        return self.kind == DocumentKind.ESTIMATE


@dataclass(frozen=True)
class CleanDraft:
    kind: DocumentKind
    contact_id: int
    issue_date: date
    due_date: date | None
    expiry_date: date | None
    reference: str
    notes: str
    terms: str
    lines: list[LineSpec]
    online_payment: OnlinePaymentOption
    allow_partial_payments: bool
    delivery_date: date | None = None
    period: tuple[date, date] | None = None


@dataclass(frozen=True)
class Preview:
    """Totals of what is typed so far: a line that is not valid yet has amount None and counts as zero."""
    amounts: list[int | None]
    subtotal: int
    taxes: list[tuple[Decimal, int]]
    total: int


def preview(lines: list[LineDraft], currency: str = 'USD') -> Preview:
    """`currency` is the document's: it decides how many decimals a rate may have."""
    parsed = [preview_line(line.quantity, line.rate, line.tax_percent, currency) for line in lines]
    valid = [line for line in parsed if line is not None]
    totals = document_totals(valid)
    return Preview(amounts=[line_amounts(line)[0] if line else None for line in parsed],
                   subtotal=totals.subtotal, taxes=tax_summary(valid), total=totals.total)


def clean(draft: DocumentDraft, currency: str = 'USD') -> CleanDraft:
    """The draft checked field by field; every problem at once in `Invalid.fields` (keys like 'lines.2.rate').

    `currency` is the chosen customer's: amounts are read with its decimals."""
    errors: dict[str, str] = {}
    if draft.kind not in set(DocumentKind):
        errors['kind'] = _('Choose the kind of document.')
    if not draft.contact_id:
        errors['contact'] = _('Choose a customer.')
    issue = _day(draft.issue_date, 'issue_date', 'the estimate date' if draft.is_estimate else 'the invoice date',
                 errors)
    due = expiry = None
    if draft.is_estimate:
        if draft.expiry_date.strip():
            expiry = _day(draft.expiry_date, 'expiry_date', 'the expiry date', errors)
            if issue and expiry and expiry < issue:
                errors['expiry_date'] = _('The expiry date cannot be before the estimate date.')
    elif draft.due_date.strip():
        due = _day(draft.due_date, 'due_date', 'the due date', errors)
        if issue and due and due < issue:
            errors['due_date'] = _('The due date cannot be before the invoice date.')
    delivery, period = (None, None) if draft.is_estimate else _delivery(draft, errors)
    texts = {}
    for name in ('reference', 'notes', 'terms'):
        try:
            texts[name] = form_input.text(getattr(draft, name), limit=LIMITS[name], multiline=name != 'reference')
        except ValueError as error:
            errors[name] = str(error)
    try:
        online = OnlinePaymentOption(draft.online_payment)
    except ValueError:
        errors['online_payment'] = _('Choose how the client may pay online.')
        online = OnlinePaymentOption.NONE

    lines = []
    for index, line in enumerate(draft.lines):
        if line.is_blank:
            continue
        spec = _line(line, f'lines.{index}', errors, currency)
        if spec is not None:
            lines.append(spec)
    if not any(not line.is_blank for line in draft.lines):
        errors['lines'] = _('Add at least one line with an item and a rate.')
    elif len(lines) > MAX_LINES:
        errors['lines'] = ngettext('A document can have at most {count} line.',
                                   'A document can have at most {count} lines.', MAX_LINES).format(count=MAX_LINES)
    elif document_totals(line.rule_input for line in lines).total > MAX_AMOUNT:
        errors['lines'] = _('The total of a document can be at most {amount}: split it into several.').format(
            amount=max_amount_text(currency))
    if errors:
        raise Invalid(errors)
    assert issue is not None and draft.contact_id is not None
    return CleanDraft(kind=draft.kind, contact_id=draft.contact_id, issue_date=issue, due_date=due,
                      expiry_date=expiry, reference=texts['reference'], notes=texts['notes'],
                      terms=texts['terms'], lines=lines, online_payment=online,
                      allow_partial_payments=bool(draft.allow_partial_payments), delivery_date=delivery,
                      period=period)


def _delivery(draft: DocumentDraft, errors: dict[str, str]) -> tuple[date | None, tuple[date, date] | None]:
    """The delivery date and the service period (both may be empty; a period needs both of its days)."""
    delivery = _day(draft.delivery_date, 'delivery_date', 'the delivery date', errors) \
        if draft.delivery_date.strip() else None
    start_text, end_text = draft.period_start.strip(), draft.period_end.strip()
    if not start_text and not end_text:
        return delivery, None
    if not start_text or not end_text:
        errors['period_start' if not start_text else 'period_end'] = _('Enter both days of the service period.')
        return delivery, None
    start = _day(start_text, 'period_start', 'the first day of the period', errors)
    end = _day(end_text, 'period_end', 'the last day of the period', errors)
    if start and end and end < start:
        errors['period_end'] = _('The period cannot end before it starts.')
        return delivery, None
    return delivery, (start, end) if start and end else None


def _day(text: str, key: str, what: str, errors: dict[str, str]) -> date | None:
    try:
        return parse_day(text, what=what)
    except ValueError as error:
        errors[key] = str(error)
        return None


def _line(line: LineDraft, prefix: str, errors: dict[str, str], currency: str) -> LineSpec | None:
    found = len(errors)
    texts = {}
    for key, multiline, required in (('name', False, _('Enter the item.')), ('description', True, '')):
        try:
            texts[key] = form_input.text(getattr(line, key), limit=LIMITS[key], multiline=multiline,
                                         required=required)
        except ValueError as error:
            errors[f'{prefix}.{key}'] = str(error)
    quantity = _number(parse_quantity, line.quantity, f'{prefix}.quantity', errors)
    rate = _number(lambda text: parse_rate(text, currency), line.rate, f'{prefix}.rate', errors)
    tax_percent = _number(parse_percent, line.tax_percent, f'{prefix}.tax_percent', errors)
    if len(errors) > found or quantity is None or rate is None or tax_percent is None:
        return None
    category = line.vat_category if line.vat_category in vat.CATEGORIES else ''
    try:
        reason = form_input.text(line.exemption_reason, limit=200)
    except ValueError as error:
        errors[f'{prefix}.exemption_reason'] = str(error)
        return None
    problem = vat.line_problem(category, tax_percent, reason)
    if problem:
        errors[f'{prefix}.{"exemption_reason" if category == vat.EXEMPT and not tax_percent else "vat_category"}'] = \
            problem
        return None
    amount, tax = line_amounts(LineInput(quantity, rate, tax_percent))
    if amount + tax > MAX_AMOUNT:
        errors[f'{prefix}.rate'] = _('A line can come to at most {amount} with its tax: lower the quantity or '
                                     'rate.').format(amount=max_amount_text(currency))
        return None
    return LineSpec(name=texts['name'], description=texts['description'], quantity=quantity, rate=rate,
                    tax_percent=tax_percent, vat_category=category, exemption_reason=reason,
                    unit=line.unit if line.unit in units.UNITS else units.DEFAULT)


def _number(parse: Callable[[str], N], text: str, key: str, errors: dict[str, str]) -> N | None:
    try:
        return parse(text)
    except ValueError as error:
        errors[key] = str(error)
        return None


def line_draft(line: LineSpec | LineView, currency: str = 'USD') -> LineDraft:
    """A stored line as the editor shows it again, in the reader's way of writing numbers."""
    return LineDraft(name=line.name, description=line.description, quantity=plain_number(line.quantity),
                     rate=plain_amount(line.rate, currency),
                     tax_percent=plain_number(line.tax_percent) if line.tax_percent else '',
                     vat_category=line.vat_category, exemption_reason=line.exemption_reason, unit=line.unit)
