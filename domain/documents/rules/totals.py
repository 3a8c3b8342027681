"""A document's totals from its lines, rounded half up to the cent per line, and its number. No I/O here."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from domain.models.enums import DocumentKind

NUMBER_PREFIX = {DocumentKind.ESTIMATE: 'EST', DocumentKind.INVOICE: 'INV', DocumentKind.RETAINER: 'RET',
                 DocumentKind.CREDIT_NOTE: 'CN'}


def round_half_up(value: Decimal) -> int:
    return int(value.quantize(Decimal(1), rounding=ROUND_HALF_UP))


@dataclass(frozen=True)
class LineInput:
    quantity: Decimal
    rate: int  # cents per unit
    tax_percent: Decimal = Decimal(0)


@dataclass(frozen=True)
class Totals:
    subtotal: int
    tax_total: int

    @property
    def total(self) -> int:
        return self.subtotal + self.tax_total


def line_amounts(line: LineInput) -> tuple[int, int]:
    """The line's amount and its tax, each rounded half up to the cent."""
    amount = round_half_up(line.quantity * line.rate)
    tax = round_half_up(amount * line.tax_percent / 100)
    return amount, tax


def document_totals(lines: Iterable[LineInput]) -> Totals:
    subtotal = tax_total = 0
    for line in lines:
        amount, tax = line_amounts(line)
        subtotal += amount
        tax_total += tax
    return Totals(subtotal, tax_total)


def tax_summary(lines: Iterable[LineInput]) -> list[tuple[Decimal, int]]:
    """Tax per rate, for the totals block: [(percent, tax cents), ...], lowest rate first."""
    by_rate: dict[Decimal, int] = {}
    for line in lines:
        if line.tax_percent:
            by_rate[line.tax_percent] = by_rate.get(line.tax_percent, 0) + line_amounts(line)[1]
    return sorted(by_rate.items())


def document_number(kind: DocumentKind | str, value: int) -> str:
    return f'{NUMBER_PREFIX[DocumentKind(kind)]}-{value:06d}'
