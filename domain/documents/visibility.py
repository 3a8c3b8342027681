"""The one rule for which documents a portal person may see: the lists, the document pages, the PDFs, the
downloads, comments, forwarding, Pay Now and the dashboard all filter through `visible`.

A person sees their own contact's documents once they have left the business: never a draft, and a void invoice
only if it had been sent before it was voided (one voided while still a draft never existed for the client).
Everything else is the same "not found" as an id that does not exist. The rule is a condition (domain/models/sql.py)
read as SQL on every page load and as an ORM filter elsewhere; tests/services/documents/test_rules_on_every_row.py
walks every kind, status and sending through both.
"""
from __future__ import annotations

from domain.models import Document, DocumentKind, InvoiceStatus, sql
from domain.models.sql import Condition, where
from domain.sessions import PageLoadRead

_opened: PageLoadRead[tuple[int, Document]] = PageLoadRead('opened document')

# what the portal people of a document's contact may see of it (an estimate's draft is 'draft' too)
SHOWN = ~where('status', '=', InvoiceStatus.DRAFT) \
    & ~(where('status', '=', InvoiceStatus.VOID) & where('sent_at', 'is null'))


def visible(contact_id: int) -> Condition:
    """What of a contact's documents the portal shows."""
    return where('contact_id', '=', contact_id) & SHOWN


def opened(contact_id: int, document: Document) -> None:
    """A document page has just read `document` under `visible` for this contact: its attachments and comments,
    drawn in the same page load, need not read it again (see `PageLoadRead`; the page's task ends with the load)."""
    _opened.keep((contact_id, document))


async def visible_document(contact_id: int, document_id: int) -> Document | None:
    """The document if the contact's portal people may see it, else None."""
    fresh = _opened.fresh()
    if fresh is not None and fresh[0][0] == contact_id and fresh[0][1].id == document_id:
        return fresh[0][1]
    return await read_visible(contact_id, document_id)


async def read_visible(contact_id: int, document_id: int, kinds: list[DocumentKind] | None = None) -> Document | None:
    """The document read afresh if the contact's portal people may see it (and it is of one of `kinds`), else None:
    by hand, as a document page reads it on every load (see domain/models/sql.py)."""
    rule = visible(contact_id)
    condition, params = (rule & where('kind', 'in', kinds) if kinds else rule).sql()
    found = await sql.models(Document, f'SELECT * FROM document WHERE id = ? AND {condition}', [document_id, *params])
    return found[0] if found else None
