"""Pure rules of estimates and invoices, no I/O: what staff type, read within the bounds every sum relies on
(typed), a document's totals and number (totals), statuses, what each shows on a day and what may happen next
(status), splitting a payment across invoices (allocation). The ageing buckets are declared in
domain/documents/ageing.py and read from here too. Import from this package; read status.py first."""
from domain.documents.ageing import AGEING_LABELS, ageing_bucket, ageing_ranges
from domain.documents.rules.allocation import OpenInvoice, allocate_oldest_first, allocate_preferring
from domain.documents.rules.status import (
    STATUS_WORDS,
    awaiting_approval,
    due_to_expire,
    estimate_actions,
    estimate_display_status,
    expired,
    invoice_actions,
    invoice_display_status,
    is_due_to_expire,
    is_expired,
    is_overdue,
    next_estimate_status,
    next_invoice_status,
    not_overdue,
    overdue,
    status_after_payment,
)
from domain.documents.rules.totals import (
    NUMBER_PREFIX,
    LineInput,
    Totals,
    document_number,
    document_totals,
    line_amounts,
    round_half_up,
    tax_summary,
)
from domain.documents.rules.typed import (
    EARLIEST_DAY,
    LATEST_DAY,
    MAX_AMOUNT,
    MAX_QUANTITY,
    MAX_TERMS_DAYS,
    check_day,
    due_date_from_terms,
    max_amount_text,
    parse_day,
    parse_money,
    parse_percent,
    parse_quantity,
    parse_rate,
    preview_line,
)

__all__ = [
    'AGEING_LABELS', 'EARLIEST_DAY', 'LATEST_DAY', 'MAX_AMOUNT', 'MAX_QUANTITY', 'MAX_TERMS_DAYS', 'NUMBER_PREFIX',
    'STATUS_WORDS', 'LineInput', 'OpenInvoice', 'Totals', 'ageing_bucket', 'ageing_ranges', 'allocate_oldest_first',
    'allocate_preferring', 'awaiting_approval', 'check_day', 'document_number', 'document_totals',
    'due_date_from_terms', 'due_to_expire', 'estimate_actions', 'estimate_display_status', 'expired',
    'invoice_actions', 'invoice_display_status', 'is_due_to_expire', 'is_expired', 'is_overdue', 'line_amounts',
    'max_amount_text', 'next_estimate_status', 'next_invoice_status', 'not_overdue', 'overdue', 'parse_day',
    'parse_money', 'parse_percent', 'parse_quantity', 'parse_rate', 'preview_line', 'round_half_up',
    'status_after_payment', 'tax_summary',
]
