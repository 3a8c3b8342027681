"""Who may read which document: the checks behind every download, print and attachment of a document.

A portal person reaches only the documents the portal's one visibility rule shows them (`document_visibility`):
another contact's id, a draft, an invoice voided before it was sent and a missing id all raise the same NotFound.
Staff reach every document; a PDF staff take is in the contact's primary person's language (`pdf_language`) unless
they choose another.
"""
from __future__ import annotations

import dataclasses
from typing import cast

from domain import sessions
from domain.actors import Actor, PortalActor, StaffActor
from domain.business import profile as business
from domain.documents.views import DocumentView, load_document
from domain.documents.visibility import visible
from domain.errors import NotFound
from domain.form_input import MAX_ID, choice
from domain.formats import LANGUAGES
from domain.models import ContactPerson, Document, StaffUser


def _check_id(document_id: int) -> None:
    if not 0 < document_id <= MAX_ID:
        raise NotFound()


async def portal_document_for(actor: Actor, document_id: int) -> DocumentView:
    if not isinstance(actor, PortalActor):
        raise NotFound()
    _check_id(document_id)
    await sessions.check(actor)
    if not await Document.filter(visible(actor.contact_id).q(), id=document_id).exists():
        raise NotFound()
    return await load_document(document_id, await business.today())


async def staff_document_for(actor: Actor, document_id: int) -> DocumentView:
    """The document, with its PDF in the language of the contact's primary person."""
    if not isinstance(actor, StaffActor):
        raise NotFound()
    _check_id(document_id)
    await sessions.check(actor)
    view = await load_document(document_id, await business.today())
    return dataclasses.replace(view, pdf_language=await pdf_language(view.contact.contact_id))


async def document_by_id(document_id: int) -> DocumentView:
    """A document for a job the system runs on someone's behalf (an email attachment queued by a use case)."""
    _check_id(document_id)
    return await load_document(document_id, await business.today())


async def pdf_language(contact_id: int, chosen: str | None = None) -> str:
    """The language of a PDF staff take of a contact's document or statement: `chosen` when it is one of LANGUAGES,
    else that of the contact's primary person (the first person when none is primary; English without people)."""
    found = cast(list[str], await ContactPerson.filter(contact_id=contact_id).order_by('-is_primary', 'id').limit(1)
                 .values_list('language', flat=True))
    return choice(chosen, LANGUAGES, found[0] if found and found[0] in LANGUAGES else 'en')


async def owner_language() -> str:
    """The language of the business's owner: what a note written for the business's staff is written in."""
    found = cast(list[str], await StaffUser.filter(is_owner=True).order_by('id').limit(1)
                 .values_list('language', flat=True))
    return found[0] if found and found[0] in LANGUAGES else 'en'
