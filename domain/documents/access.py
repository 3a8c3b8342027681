"""Who may read which document: the checks behind every download, print and attachment of a document.

A portal person reaches only the documents of their own contact that have left draft; another contact's id, a
draft and a missing id all raise the same NotFound. Staff reach every document.
"""
from __future__ import annotations

from domain import sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile as business
from domain.documents.views import DocumentView, load_document
from domain.errors import NotFound
from domain.models import Document, EstimateStatus, InvoiceStatus

HIDDEN_FROM_PORTAL = [EstimateStatus.DRAFT.value, InvoiceStatus.DRAFT.value]
MAX_ID = 2**31 - 1  # ids are 32-bit: a larger number in a URL is simply not a document


def _check_id(document_id: int) -> None:
    if not 0 < document_id <= MAX_ID:
        raise NotFound()


async def portal_document_for(actor: Actor, document_id: int) -> DocumentView:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    _check_id(document_id)
    await sessions.check(actor)
    visible = await Document.filter(id=document_id, contact_id=actor.contact_id) \
        .exclude(status__in=HIDDEN_FROM_PORTAL).exists()
    if not visible:
        raise NotFound()
    return await load_document(document_id, await business.today())


async def staff_document_for(actor: Actor, document_id: int) -> DocumentView:
    if not isinstance(actor, StaffActor):
        raise NotFound()
    _check_id(document_id)
    await sessions.check(actor)
    return await load_document(document_id, await business.today())


async def document_by_id(document_id: int) -> DocumentView:
    """A document for a job the system runs on someone's behalf (an email attachment queued by a use case)."""
    _check_id(document_id)
    return await load_document(document_id, await business.today())
