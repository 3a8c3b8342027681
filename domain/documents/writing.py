"""Writing documents and their lines, shared by the staff use cases and the demo data, and their numbers
(EST-000001, INV-000001, RET-000001), which never repeat, even under concurrency.

These helpers do not check who acts: call them from a use case that has, inside its transaction.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, cast

from tortoise.expressions import F

from domain.balances.store import Snapshot, settle
from domain.documents.rules import NUMBER_PREFIX, LineInput, document_number, document_totals, line_amounts
from domain.models import Contact, Document, DocumentKind, DocumentLine, NumberSequence


async def next_number(kind: DocumentKind) -> str:
    """Take the next number for `kind`. Call it inside the transaction that creates the document.

    The UPDATE locks the sequence row (PostgreSQL) or the database (SQLite) until that transaction ends,
    so two transactions can never read the same value.
    """
    name = NUMBER_PREFIX[kind]
    await NumberSequence.bulk_create([NumberSequence(name=name, value=0)], ignore_conflicts=True)
    await NumberSequence.filter(name=name).update(value=F('value') + 1)
    value = cast(list[int], await NumberSequence.filter(name=name).values_list('value', flat=True))
    return document_number(kind, value[0])


@dataclass(frozen=True)
class LineSpec:
    name: str
    quantity: Decimal
    rate: int
    tax_percent: Decimal = Decimal(0)
    description: str = ''
    vat_category: str = ''  # domain/einvoices/vat.py; '' is automatic
    exemption_reason: str = ''
    unit: str = 'C62'  # UN/ECE Recommendation 20

    @property
    def rule_input(self) -> LineInput:
        return LineInput(self.quantity, self.rate, self.tax_percent)


async def create_document(kind: DocumentKind, contact: Contact, status: str, issue_date: date,
                          lines: list[LineSpec], **fields: Any) -> Document:
    document = await Document.create(kind=kind, number=await next_number(kind), contact=contact, status=status,
                                     issue_date=issue_date, currency=contact.currency, **fields)
    await replace_lines(document, lines)
    await settle(Snapshot.new(document.id))  # the stored balances count it when it is sent
    return document


async def replace_lines(document: Document, lines: list[LineSpec]) -> None:
    """Store `lines` as the document's lines and bring its totals in step with them."""
    await DocumentLine.filter(document=document).delete()
    rows = []
    for position, line in enumerate(lines, start=1):
        amount, tax = line_amounts(line.rule_input)
        rows.append(DocumentLine(document=document, position=position, name=line.name,
                                 description=line.description, quantity=line.quantity, rate=line.rate,
                                 tax_percent=line.tax_percent, amount=amount, tax_amount=tax,
                                 vat_category=line.vat_category, exemption_reason=line.exemption_reason,
                                 unit=line.unit))
    await DocumentLine.bulk_create(rows)
    totals = document_totals(line.rule_input for line in lines)
    document.subtotal, document.tax_total, document.total = totals.subtotal, totals.tax_total, totals.total
    await Document.filter(id=document.id).update(subtotal=totals.subtotal, tax_total=totals.tax_total,
                                                 total=totals.total)
