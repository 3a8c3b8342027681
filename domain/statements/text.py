"""How a line of a statement reads, on screen and on paper alike: what the transaction was, and its details."""
from __future__ import annotations

from domain.formats import _, day
from domain.models import label
from domain.statements.rules import StatementEntry


def transaction_text(entry: StatementEntry) -> tuple[str, str]:
    """('Invoice INV-000012', 'Due 15 Mar 2026') or ('Payment received', 'Bank transfer · REF-1 · for INV-000012')."""
    if entry.kind == 'invoice':
        title = {'estimate': _('Estimate {number}'), 'retainer': _('Retainer invoice {number}')}.get(
            entry.document_kind, _('Invoice {number}')).format(number=entry.number)
        return title, _('Due {date}').format(date=day(entry.due_date)) if entry.due_date else ''
    parts = [label(entry.mode), entry.number]
    if entry.applied_to:
        parts.append(_('for {invoices}').format(invoices=', '.join(entry.applied_to)))
    return _('Payment received'), ' · '.join(part for part in parts if part)
