"""The one rule for which documents a portal person may see: the lists, the document pages, the PDFs, the
downloads, comments, forwarding, Pay Now and the dashboard all filter through `visible`.

A person sees their own contact's documents once they have left the business: never a draft, and a void invoice
only if it had been sent before it was voided (one voided while still a draft never existed for the client).
Everything else is the same "not found" as an id that does not exist.
"""
from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from domain.models import Document, DocumentKind, InvoiceStatus, sql
from domain.sessions import PageLoadRead

_opened: PageLoadRead[tuple[int, Document]] = PageLoadRead('opened document')


def visible_in_portal() -> Q:
    """Documents that any portal person of their contact may see (drafts of estimates are 'draft' too)."""
    return ~Q(status=InvoiceStatus.DRAFT) & ~Q(Q(status=InvoiceStatus.VOID) & Q(sent_at__isnull=True))


def visible_sql(contact_id: int) -> tuple[str, list]:
    """`visible` as SQL over the document table, with its parameters."""
    return 'contact_id = ? AND NOT status = ? AND NOT (status = ? AND sent_at IS NULL)', \
        [contact_id, InvoiceStatus.DRAFT.value, InvoiceStatus.VOID.value]


def visible(contact_id: int) -> Q:
    """What of a contact's documents the portal shows."""
    return Q(contact_id=contact_id) & visible_in_portal()


def visible_documents(contact_id: int) -> QuerySet[Document]:
    return Document.filter(visible(contact_id))


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
    condition, params = visible_sql(contact_id)
    if kinds:
        condition += f' AND kind IN ({sql.marks(kinds)})'
        params += [kind.value for kind in kinds]
    found = await sql.models(Document, f'SELECT * FROM document WHERE id = ? AND {condition}', [document_id, *params])
    return found[0] if found else None
