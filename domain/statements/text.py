"""How a line of a statement reads, on screen and on paper alike: what the transaction was, and its details."""
from __future__ import annotations

from domain.formats import N_, _, day
from domain.models import label
from domain.statements.rules import StatementEntry

_TITLES = {'estimate': N_('Estimate {number}'), 'retainer': N_('Retainer invoice {number}')}
_INVOICE = N_('Invoice {number}')


def transaction_text(entry: StatementEntry) -> tuple[str, str]:
    """('Invoice INV-000012', 'Due 15 Mar 2026') or ('Payment received', 'Bank transfer · REF-1 · for INV-000012')."""
    if entry.kind == 'invoice':
        title = _(_TITLES.get(entry.document_kind, _INVOICE)).format(number=entry.number)
        return title, _('Due {date}').format(date=day(entry.due_date)) if entry.due_date else ''
    parts = [label(entry.mode), entry.number]
    if entry.applied_to:
        parts.append(_('for {invoices}').format(invoices=', '.join(entry.applied_to)))
    return _('Payment received'), ' · '.join(part for part in parts if part)
