"""Who may read which document: the checks behind every download, print and attachment of a document.

A portal person reaches only the documents the portal's one visibility rule shows them (`document_visibility`):
another contact's id, a draft, an invoice voided before it was sent and a missing id all raise the same NotFound.
Staff reach every document.
"""
from __future__ import annotations

from . import auth, business
from .actors import Actor, PortalActor, StaffActor
from .document_visibility import visible_documents
from .errors import NotFound
from .url_input import MAX_ID
from .views import DocumentView, load_document


def _check_id(document_id: int) -> None:
    if not 0 < document_id <= MAX_ID:
        raise NotFound()


async def portal_document_for(actor: Actor, document_id: int) -> DocumentView:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    _check_id(document_id)
    await auth.check(actor)
    if not await visible_documents(actor.contact_id).filter(id=document_id).exists():
        raise NotFound()
    return await load_document(document_id, await business.today())


async def staff_document_for(actor: Actor, document_id: int) -> DocumentView:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    _check_id(document_id)
    await auth.check(actor)
    return await load_document(document_id, await business.today())


async def document_by_id(document_id: int) -> DocumentView:
    """A document for a job the system runs on someone's behalf (an email attachment queued by a use case)."""
    _check_id(document_id)
    return await load_document(document_id, await business.today())
