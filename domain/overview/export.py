"""A client's data on request: what a portal person's company has with the business, as tables for a zip
(My Account → Download our data; the route in pages/portal/data_export.py adds each document's PDF).

Everything follows the portal's own rules: the documents the portal shows (`documents.visibility`), the comments it
shows on them (`SHOWN_IN_PORTAL`), and every payment of the contact, as on Payments Made. Amounts are plain decimals
in each row's currency (12.50), dates ISO 8601. A cell from typed text that a spreadsheet would read as a formula
(it starts with =, +, -, @, a tab or a line break) gets a leading apostrophe.
"""
from __future__ import annotations

import csv
import io
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from domain import sessions
from domain.actors import PortalActor
from domain.conversation.comments import SHOWN_IN_PORTAL
from domain.documents.visibility import visible
from domain.formats import to_decimal
from domain.models import Comment, Contact, Document, DocumentKind, Payment, PaymentAllocation

INVOICE_KINDS = {DocumentKind.INVOICE, DocumentKind.RETAINER}


@dataclass(frozen=True)
class CompanyData:
    company: str
    tables: dict[str, str]  # file name -> CSV text
    documents: list[tuple[int, str]]  # (id, number) of every document whose PDF goes with it


def _cell(value: Any) -> str:
    if value is None:
        return ''
    if isinstance(value, datetime | date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text[:1] in {'=', '+', '-', '@', '\t', '\r', '\n'} and isinstance(value, str) else text


def _csv(header: list[str], rows: list[list[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator='\r\n')
    writer.writerow(header)
    writer.writerows([[_cell(value) for value in row] for row in rows])
    return out.getvalue()


def _amount(minor: int, currency: str) -> str:
    return str(to_decimal(minor, currency))


async def company_data(actor: PortalActor) -> CompanyData:
    await sessions.check(actor)
    contact = await Contact.get(id=actor.contact_id)
    documents = await Document.filter(visible(actor.contact_id).q()).order_by('issue_date', 'id')
    numbers = {document.id: document.number for document in documents}
    money = ['currency', 'subtotal', 'tax', 'total']

    def amounts(document: Document) -> list[str]:
        return [document.currency, *(_amount(value, document.currency)
                                     for value in (document.subtotal, document.tax_total, document.total))]

    invoices = [[d.number, d.kind, d.status, d.issue_date, d.due_date, *amounts(d), _amount(d.amount_paid, d.currency),
                 _amount(d.total - d.amount_paid, d.currency), d.reference] for d in documents if d.kind in INVOICE_KINDS]
    estimates = [[d.number, d.status, d.issue_date, d.expiry_date, *amounts(d), d.reference, d.decline_reason]
                 for d in documents if d.kind == DocumentKind.ESTIMATE]
    credit_notes = [[d.number, d.status, d.issue_date, *amounts(d), d.reference]
                    for d in documents if d.kind == DocumentKind.CREDIT_NOTE]
    payments = await Payment.filter(contact_id=actor.contact_id).order_by('date', 'id')
    applied: dict[int, list[tuple[int, int]]] = defaultdict(list)
    for payment_id, document_id, amount in await PaymentAllocation.filter(
            payment_id__in=[p.id for p in payments]).order_by('id').values_list('payment_id', 'document_id', 'amount'):
        applied[payment_id].append((document_id, amount))
    payment_rows = [[p.date, _amount(p.amount, p.currency), p.currency, p.mode, p.reference, '; '.join(
        f'{numbers.get(document_id, "")} {_amount(amount, p.currency)}' for document_id, amount in applied[p.id])]
        for p in payments]
    comments = await Comment.filter(SHOWN_IN_PORTAL.q(), document_id__in=list(numbers)).order_by('created_at', 'id')
    comment_rows = [[numbers[c.document_id], c.created_at, c.author_name, c.body]
                    for c in comments]
    return CompanyData(contact.display_name, {
        'invoices.csv': _csv(['number', 'kind', 'status', 'issue_date', 'due_date', *money, 'paid', 'balance_due',
                              'reference'], invoices),
        'estimates.csv': _csv(['number', 'status', 'issue_date', 'expiry_date', *money, 'reference',
                               'decline_reason'], estimates),
        'credit_notes.csv': _csv(['number', 'status', 'issue_date', *money, 'reference'], credit_notes),
        'payments.csv': _csv(['date', 'amount', 'currency', 'mode', 'reference', 'applied_to'], payment_rows),
        'comments.csv': _csv(['document', 'time', 'author', 'comment'], comment_rows),
    }, [(document.id, document.number) for document in documents])

