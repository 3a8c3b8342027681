"""The one rule for which documents a portal person may see: the lists, the document pages, the PDFs, the
downloads, comments, forwarding, Pay Now and the dashboard all filter through `visible`.

A person sees their own contact's documents once they have left the business: never a draft, and a void invoice
only if it had been sent before it was voided (one voided while still a draft never existed for the client).
Everything else is the same "not found" as an id that does not exist.
"""
from __future__ import annotations

from tortoise.expressions import Q
from tortoise.queryset import QuerySet

from .models import Document, InvoiceStatus


def visible_in_portal() -> Q:
    """Documents that any portal person of their contact may see (drafts of estimates are 'draft' too)."""
    return ~Q(status=InvoiceStatus.DRAFT) & ~Q(Q(status=InvoiceStatus.VOID) & Q(sent_at__isnull=True))


def visible(contact_id: int) -> Q:
    """What of a contact's documents the portal shows."""
    return Q(contact_id=contact_id) & visible_in_portal()


def visible_documents(contact_id: int) -> QuerySet[Document]:
    return Document.filter(visible(contact_id))
