from datetime import date
from decimal import Decimal

import pytest

from domain.documents.rules import (
    LineInput,
    OpenInvoice,
    allocate_oldest_first,
    document_number,
    document_totals,
    estimate_display_status,
    invoice_display_status,
    line_amounts,
    next_estimate_status,
    next_invoice_status,
    parse_money,
    parse_percent,
    parse_quantity,
    tax_summary,
)
from domain.errors import Conflict
from domain.models import EstimateStatus, InvoiceStatus

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(('typed', 'cents'), [('12.50', 1250), ('1,234.5', 123450), ('0', 0), (' 7 ', 700)])
def test_typed_money_becomes_cents(typed, cents):
    assert parse_money(typed) == cents


@pytest.mark.parametrize(('typed', 'message'), [
    ('12.345', 'Use at most two decimals.'),
    ('-5', 'The amount cannot be negative.'),
    ('ten', 'Enter an amount as a number.'),
    ('', 'Enter an amount.'),
    ('NaN', 'Enter an amount as a number.'),
    ('1e20', 'Enter at most 10,000,000,000.00.'),
])
def test_bad_money_is_refused_with_a_reason(typed, message):
    with pytest.raises(ValueError, match=message):
        parse_money(typed)


def test_quantities_and_tax_rates_are_checked():
    assert parse_quantity('1.5') == Decimal('1.5')
    assert parse_percent('') == 0
    for bad in ('-1', '0', 'abc', '1.2345'):
        with pytest.raises(ValueError):
            parse_quantity(bad)
    with pytest.raises(ValueError, match='between 0 and 100'):
        parse_percent('101')


def test_line_tax_rounds_half_up_per_line():
    # 3 x 0.335 = 1.005 -> 1.01; tax 10% of 101 = 10.1 -> 10; tax 5% of 101 = 5.05 -> 5
    assert line_amounts(LineInput(Decimal(3), 33, Decimal('50'))) == (99, 50)
    assert line_amounts(LineInput(Decimal('0.5'), 1, Decimal(0))) == (1, 0)  # 0.5 cent rounds up
    assert line_amounts(LineInput(Decimal(1), 1050, Decimal('5'))) == (1050, 53)  # 52.5 -> 53


def test_document_totals_add_rounded_lines():
    lines = [LineInput(Decimal(1), 1050, Decimal(5)), LineInput(Decimal(1), 1050, Decimal(5))]
    totals = document_totals(lines)
    assert (totals.subtotal, totals.tax_total, totals.total) == (2100, 106, 2206)  # 53 + 53, not round(105)
    assert tax_summary([*lines, LineInput(Decimal(2), 100, Decimal(0))]) == [(Decimal(5), 106)]


def test_numbers_are_zero_padded_per_kind():
    assert document_number('estimate', 1) == 'EST-000001'
    assert document_number('invoice', 123) == 'INV-000123'
    assert document_number('retainer', 1234567) == 'RET-1234567'


def test_estimate_lifecycle():
    expiry = date(2026, 12, 31)
    assert next_estimate_status('draft', 'send', expiry_date=expiry, today=TODAY) == EstimateStatus.SENT
    assert next_estimate_status('sent', 'accept', expiry_date=expiry, today=TODAY) == EstimateStatus.ACCEPTED
    assert next_estimate_status('sent', 'decline', expiry_date=expiry, today=TODAY) == EstimateStatus.DECLINED
    assert next_estimate_status('declined', 'edit', expiry_date=expiry, today=TODAY) == EstimateStatus.DECLINED
    assert next_estimate_status('declined', 'send', expiry_date=expiry, today=TODAY) == EstimateStatus.SENT
    assert next_estimate_status('accepted', 'invoice', expiry_date=expiry, today=TODAY) == EstimateStatus.INVOICED


@pytest.mark.parametrize(('status', 'action', 'message'), [
    ('draft', 'accept', 'An estimate that is draft cannot be accepted.'),
    ('accepted', 'decline', 'An estimate that is accepted cannot be declined.'),
    ('invoiced', 'send', 'An estimate that is invoiced cannot be sent.'),
    ('sent', 'invoice', 'An estimate that is sent cannot be converted to an invoice.'),
    ('accepted', 'edit', 'An estimate that is accepted cannot be edited.'),
])
def test_illegal_estimate_changes_are_refused(status, action, message):
    with pytest.raises(Conflict, match=message):
        next_estimate_status(status, action, expiry_date=date(2026, 12, 31), today=TODAY)


def test_an_expired_estimate_shows_expired_and_cannot_be_accepted():
    yesterday = date(2026, 11, 23)
    assert estimate_display_status('sent', yesterday, TODAY) == EstimateStatus.EXPIRED
    assert estimate_display_status('sent', TODAY, TODAY) == EstimateStatus.SENT  # valid through its expiry day
    assert estimate_display_status('accepted', yesterday, TODAY) == EstimateStatus.ACCEPTED
    with pytest.raises(Conflict, match='expired'):
        next_estimate_status('sent', 'accept', expiry_date=yesterday, today=TODAY)


def test_overdue_is_derived_from_due_date_and_balance():
    past = date(2026, 11, 1)
    assert invoice_display_status('sent', 1000, 0, past, TODAY) == InvoiceStatus.OVERDUE
    assert invoice_display_status('partially_paid', 1000, 400, past, TODAY) == InvoiceStatus.OVERDUE
    assert invoice_display_status('paid', 1000, 1000, past, TODAY) == InvoiceStatus.PAID
    assert invoice_display_status('draft', 1000, 0, past, TODAY) == InvoiceStatus.DRAFT
    assert invoice_display_status('sent', 1000, 0, TODAY, TODAY) == InvoiceStatus.SENT


def test_invoice_transitions():
    assert next_invoice_status('draft', 'send') == InvoiceStatus.SENT
    assert next_invoice_status('sent', 'pay', total=1000, paid=400) == InvoiceStatus.PARTIALLY_PAID
    assert next_invoice_status('partially_paid', 'pay', total=1000, paid=1000) == InvoiceStatus.PAID
    assert next_invoice_status('sent', 'void') == InvoiceStatus.VOID
    assert next_invoice_status('partially_paid', 'edit', total=2000, paid=2000) == InvoiceStatus.PAID
    with pytest.raises(Conflict, match='has payments'):
        next_invoice_status('partially_paid', 'void', paid=100)
    with pytest.raises(Conflict, match='cannot be paid'):
        next_invoice_status('draft', 'pay', total=1000, paid=100)
    with pytest.raises(Conflict, match='already paid'):
        next_invoice_status('paid', 'pay', total=1000, paid=1000)
    with pytest.raises(Conflict, match='cannot be edited'):
        next_invoice_status('paid', 'edit', total=2000, paid=1000)
    with pytest.raises(Conflict, match='less than what has already been paid'):
        next_invoice_status('partially_paid', 'edit', total=100, paid=500)


def test_allocation_pays_the_oldest_due_date_first():
    invoices = [
        OpenInvoice(id=1, due_date=date(2026, 12, 1), issue_date=date(2026, 11, 1), balance=5000),
        OpenInvoice(id=2, due_date=date(2026, 10, 1), issue_date=date(2026, 9, 1), balance=3000),
        OpenInvoice(id=3, due_date=date(2026, 11, 1), issue_date=date(2026, 10, 1), balance=2000),
    ]
    assert allocate_oldest_first(4000, invoices) == [(2, 3000), (3, 1000)]
    assert allocate_oldest_first(10000, invoices) == [(2, 3000), (3, 2000), (1, 5000)]


@pytest.mark.parametrize(('amount', 'message'), [(0, 'more than zero'), (-5, 'more than zero'),
                                                 (10001, 'more than the balance due')])
def test_allocation_refuses_impossible_amounts(amount, message):
    invoices = [OpenInvoice(id=1, due_date=None, issue_date=TODAY, balance=10000)]
    with pytest.raises(Conflict, match=message):
        allocate_oldest_first(amount, invoices)
