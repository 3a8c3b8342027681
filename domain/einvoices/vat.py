"""VAT categories of EN 16931 (UNTDID 5305) a line may have, and what each needs. No I/O here."""
from __future__ import annotations

from decimal import Decimal

from domain.formats import N_, _

STANDARD, ZERO, EXEMPT, REVERSE_CHARGE, INTRA_COMMUNITY, EXPORT = 'S', 'Z', 'E', 'AE', 'K', 'G'
CATEGORIES: dict[str, str] = {  # code: label, translated where shown
    STANDARD: N_('Standard rate'),
    ZERO: N_('Zero rated'),
    EXEMPT: N_('Exempt from VAT'),
    REVERSE_CHARGE: N_('Reverse charge'),
    INTRA_COMMUNITY: N_('Intra-community supply'),
    EXPORT: N_('Export outside the EU'),
}
# what the e-invoice says of a category without a rate of its own, when staff leave the reason empty
DEFAULT_REASONS: dict[str, str] = {
    REVERSE_CHARGE: 'Reverse charge',
    INTRA_COMMUNITY: 'Intra-community supply',
    EXPORT: 'Export outside the EU',
}
EXEMPTION_CODES = {REVERSE_CHARGE: 'VATEX-EU-AE', INTRA_COMMUNITY: 'VATEX-EU-IC', EXPORT: 'VATEX-EU-G'}
NEEDS_BUYER_VAT_ID = {REVERSE_CHARGE, INTRA_COMMUNITY}


def choices() -> dict[str, str]:
    """The categories for a select, in the reader's language; '' is automatic."""
    return {'': _('Automatic (standard rate with a tax, else zero rated)'),
            **{code: _(name) for code, name in CATEGORIES.items()}}


def category_of(code: str, tax_percent: Decimal) -> str:
    """The category a line is in: the one chosen, or standard rated with a tax and zero rated without."""
    if code in CATEGORIES:
        return code
    return STANDARD if tax_percent else ZERO


def line_problem(code: str, tax_percent: Decimal, reason: str) -> str:
    """What is wrong with a line's category, its tax and its exemption reason, in words ('' when nothing)."""
    category = category_of(code, tax_percent)
    if category == STANDARD and not tax_percent:
        return _('A standard rated line needs a tax rate above 0%.')
    if category != STANDARD and tax_percent:
        return _('A line that is {category} has no tax: set its tax to 0% or choose the standard rate.').format(
            category=_(CATEGORIES[category]).lower())
    if category == EXEMPT and not reason.strip():
        return _('An exempt line needs the reason for the exemption, such as the law that exempts it.')
    return ''


def reason_for(category: str, reason: str) -> str:
    return reason.strip() or DEFAULT_REASONS.get(category, '')
