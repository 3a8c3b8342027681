"""How a line of a statement reads, on screen and on paper alike: what the transaction was, and its details; and
what a statement's PDF is called."""
from __future__ import annotations

import re
import unicodedata
from datetime import date

from domain.formats import N_, _, day, money
from domain.models import label
from domain.statements.rules import StatementEntry

_TITLES = {'estimate': N_('Estimate {number}'), 'retainer': N_('Retainer invoice {number}')}
_INVOICE = N_('Invoice {number}')


def transaction_text(entry: StatementEntry, currency: str = 'USD') -> tuple[str, str]:
    """('Invoice INV-000012', 'Due 15 Mar 2026') or ('Payment received', 'Bank transfer · REF-1 · for INV-000012')."""
    if entry.kind == 'invoice':
        title = _(_TITLES.get(entry.document_kind, _INVOICE)).format(number=entry.number)
        return title, _('Due {date}').format(date=day(entry.due_date)) if entry.due_date else ''
    if entry.kind == 'credit_note':
        return _('Credit note {number}').format(number=entry.number), ''
    if entry.kind == 'refund':
        return _('Refund'), ' · '.join(part for part in (label(entry.mode), entry.number) if part)
    if entry.kind == 'credit_applied':
        text = _('{amount} from {source} to {invoice}') if entry.source else _('{amount} of unapplied payments to '
                                                                            '{invoice}')
        return _('Credit applied'), text.format(amount=money(entry.applied, currency), source=entry.source,
                                                invoice=entry.number)
    parts = [label(entry.mode), entry.number]
    if entry.applied_to:
        parts.append(_('for {invoices}').format(invoices=', '.join(entry.applied_to)))
    return _('Payment received'), ' · '.join(part for part in parts if part)


_LETTERS = str.maketrans({'Ł': 'L', 'ł': 'l', 'Ø': 'O', 'ø': 'o', 'Đ': 'D', 'đ': 'd', 'ß': 'ss', 'Æ': 'AE',
                          'æ': 'ae', 'Œ': 'OE', 'œ': 'oe', 'Þ': 'Th', 'þ': 'th'})  # letters NFKD leaves whole


def _ascii_words(text: str) -> str:
    ascii_text = unicodedata.normalize('NFKD', text.translate(_LETTERS)).encode('ascii', 'ignore').decode()
    return re.sub(r'[^A-Za-z0-9]+', '-', ascii_text).strip('-')


def statement_file_name(contact_name: str, start: date, end: date) -> str:
    """'Statement-Acme-Corporation-2026-01-01-2026-12-31.pdf' in the reader's language: ASCII only, so every
    browser and mail program keeps it as it is."""
    slug = _ascii_words(contact_name)[:60].strip('-')
    word = _ascii_words(_('Statement')) or 'Statement'
    return '-'.join(part for part in (word, slug, start.isoformat(), end.isoformat()) if part) + '.pdf'
