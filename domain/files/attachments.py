"""Files attached to estimates and invoices, by staff and by clients.

Staff attach files to any document; each is internal unless "Show in portal" is on, and one shown in the portal can
also go with the email that sends the document. Clients upload to their own (sent) documents; staff see the upload
at once, with the bell and an activity email like a comment. A client sees the files shown in the portal and
their own company's uploads (SHOWN_IN_PORTAL: SQL for the list, tested in Python for a download) on the documents
the documents' rule shows them: another client's attachment, a draft's, and a missing id are all NotFound. Staff
delete any attachment; a client only their own upload while the document is open. The type comes from the content (domain/files/types.py); sizes are enforced while the upload streams.
"""
from __future__ import annotations

from collections.abc import AsyncIterable, AsyncIterator, Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol, TypedDict

from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.activity.log import record_activity
from domain.actors import Actor, PortalActor, StaffActor
from domain.documents.portal import parse_id
from domain.documents.visibility import visible_document
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.files.types import Sniffer, clean_file_name
from domain.formats import N_, _
from domain.models import (
    ActivityKind,
    Attachment,
    AuthorKind,
    ContactPerson,
    Document,
    DocumentKind,
    InvoiceStatus,
    sql,
)
from domain.models.sql import where

MAX_FILE = 10 * 1024 * 1024
MAX_PER_DOCUMENT = 20
OPEN = {DocumentKind.ESTIMATE: {'sent'}, DocumentKind.INVOICE: {'sent', 'partially_paid'},
        DocumentKind.RETAINER: {'sent', 'partially_paid'}}
TOO_LARGE = N_('The file is larger than 10 MB. Attach a smaller file.')
SHOWN_IN_PORTAL = where('show_in_portal', '=', True) | where('uploaded_by', '=', AuthorKind.CLIENT)


class _Uploader(TypedDict, total=False):
    """Who added a file, as the attachment's row keeps it: a client's person or a staff user."""
    uploaded_by: AuthorKind
    person_id: int
    staff_id: int
    uploader_name: str
    show_in_portal: bool


class FileTooLarge(Exception):
    """Raised by a storage when an upload goes past its limit while it streams; nothing was kept."""


class Storage(Protocol):
    async def put(self, chunks: AsyncIterable[bytes], *, limit: int,
                  watch: Callable[[bytes], None] | None = None) -> tuple[str, int]: ...

    def read(self, key: str) -> AsyncIterator[bytes]: ...

    async def delete(self, key: str) -> None: ...


@dataclass(frozen=True)
class AttachmentView:
    id: int
    document_id: int
    file_name: str
    content_type: str
    size: int
    show_in_portal: bool
    send_with_email: bool
    from_client: bool
    uploader_name: str
    created_at: datetime
    can_delete: bool


@dataclass(frozen=True)
class AttachmentFile:
    """What a download needs: where the bytes are and how to name and label them."""
    storage_key: str
    file_name: str
    content_type: str
    size: int


def _view(row: Attachment, can_delete: bool) -> AttachmentView:
    return AttachmentView(row.id, row.document_id, row.file_name, row.content_type, row.size,
                          row.show_in_portal, row.send_with_email, row.uploaded_by == AuthorKind.CLIENT,
                          row.uploader_name, row.created_at, can_delete)


def _is_open(document: Document) -> bool:
    return document.status in OPEN.get(DocumentKind(document.kind), set())


async def _document(actor: Actor, document_id: int | str) -> Document:
    await sessions.check(actor)
    if isinstance(actor, PortalActor):
        document = await visible_document(actor.contact_id, parse_id(document_id))
    else:
        document = await Document.get_or_none(id=parse_id(document_id))
    if document is None:
        raise NotFound()
    return document


def _portal_can_delete(actor: PortalActor, row: Attachment, document: Document) -> bool:
    return row.person_id == actor.person_id and _is_open(document)


async def list_attachments(actor: Actor, document_id: int | str) -> list[AttachmentView]:
    """The attachments the actor may see, oldest first."""
    document = await _document(actor, document_id)
    if isinstance(actor, PortalActor):  # by hand (see domain/models/sql.py): every document page of the portal
        shown, params = SHOWN_IN_PORTAL.sql()
        rows = await sql.models(Attachment, f'SELECT * FROM attachment WHERE document_id = ? AND ({shown}) '
                                            'ORDER BY created_at, id', [document.id, *params])
        return [_view(row, _portal_can_delete(actor, row, document)) for row in rows]
    return [_view(row, True) for row in await Attachment.filter(document_id=document.id).order_by('created_at', 'id')]


async def check_upload(actor: Actor, document_id: int | str) -> Document:
    """Before any byte is read: may the actor attach a file here now? NotFound, or Conflict with the reason."""
    document = await _document(actor, document_id)
    if isinstance(actor, PortalActor) and document.status in {InvoiceStatus.VOID, 'invoiced'}:
        raise Conflict(_('Files can no longer be added to this document.'))
    if await Attachment.filter(document_id=document.id).count() >= MAX_PER_DOCUMENT:
        raise Conflict(_('A document can have at most {count} attachments. Delete one first.').format(
            count=MAX_PER_DOCUMENT))
    return document


async def upload(actor: Actor, document_id: int | str, file_name: str, chunks: AsyncIterable[bytes],
                 storage: Storage, *, show_in_portal: bool = False) -> AttachmentView:
    """Store a file as it streams in and attach it. Invalid (field 'file') for a refused type or an empty file,
    FileTooLarge past 10 MB; either way nothing is kept."""
    document = await check_upload(actor, document_id)
    name = clean_file_name(file_name)
    sniffer = Sniffer()
    key, size = await storage.put(chunks, limit=MAX_FILE, watch=sniffer.feed)
    try:
        if size == 0:
            raise Invalid.field('file', _('The file is empty.'))
        kind = sniffer.result(name)
        async with in_transaction():
            who: _Uploader
            if isinstance(actor, PortalActor):
                person = await ContactPerson.get(id=actor.person_id)
                who = {'uploaded_by': AuthorKind.CLIENT, 'person_id': person.id, 'uploader_name': person.name[:200],
                       'show_in_portal': True}
            else:
                who = {'uploaded_by': AuthorKind.STAFF, 'staff_id': actor.staff_id, 'uploader_name': actor.name[:200],
                       'show_in_portal': bool(show_in_portal)}
            row = await Attachment.create(document_id=document.id, storage_key=key, file_name=name,
                                          content_type=kind.content_type, size=size, **who)
            if await Attachment.filter(document_id=document.id).count() > MAX_PER_DOCUMENT:
                raise Conflict(_('A document can have at most {count} attachments. Delete one first.').format(
                    count=MAX_PER_DOCUMENT))
            events = [_changed(document, SHOWN_IN_PORTAL.holds(row))]
            if isinstance(actor, PortalActor):
                events.append(await record_activity(ActivityKind.UPLOADED, actor.contact_id, document.id,
                                                    actor.person_id, name))
            await audit.record(actor, audit.Action.FILE_UPLOADED, on=document,
                               after=audit.snapshot(row, 'file_name', 'size', 'show_in_portal'))
    except BaseException:
        await storage.delete(key)
        raise
    await publish(*events)
    return _view(row, True)


async def _own_row(actor: Actor, attachment_id: int | str) -> tuple[Attachment, Document]:
    await sessions.check(actor)
    row = await Attachment.get_or_none(id=parse_id(attachment_id))
    if row is None:
        raise NotFound()
    document = await _document(actor, row.document_id)
    if isinstance(actor, PortalActor) and not SHOWN_IN_PORTAL.holds(row):
        raise NotFound()
    return row, document


async def attachment_for(actor: Actor, attachment_id: int | str) -> AttachmentFile:
    """A download, through the documents' visibility rule."""
    row, _document = await _own_row(actor, attachment_id)
    return AttachmentFile(row.storage_key, row.file_name, row.content_type, row.size)


async def delete_attachment(actor: Actor, attachment_id: int | str, storage: Storage) -> None:
    """Staff delete any attachment; a client only their own upload while the document is open. The file goes
    from the disk too."""
    row, document = await _own_row(actor, attachment_id)
    if isinstance(actor, PortalActor):
        if row.person_id != actor.person_id:
            raise Conflict(_('You can only delete files you uploaded yourself.'))
        if not _is_open(document):
            raise Conflict(_('This document is closed, so its files can no longer be deleted.'))
    async with in_transaction():
        deleted = await Attachment.filter(id=row.id).delete()
        await audit.record(actor, audit.Action.FILE_DELETED, on=document,
                           before=audit.snapshot(row, 'file_name', 'size'))
    if deleted:
        await storage.delete(row.storage_key)
        await publish(_changed(document, SHOWN_IN_PORTAL.holds(row)))


async def set_sharing(actor: StaffActor, attachment_id: int, *, show_in_portal: bool, send_with_email: bool) -> None:
    """Show a staff attachment in the portal or keep it internal; only a shown one can go with the email."""
    if not isinstance(actor, StaffActor):
        raise NotFound()
    row, document = await _own_row(actor, attachment_id)
    if row.uploaded_by == AuthorKind.CLIENT:
        raise Conflict(_('A file the client uploaded is always visible to them.'))
    async with in_transaction():
        await Attachment.filter(id=row.id).update(show_in_portal=show_in_portal,
                                                  send_with_email=show_in_portal and send_with_email)
        await audit.record(actor, audit.Action.FILE_SHARING, on=document,
                           before=audit.snapshot(row, 'show_in_portal', 'send_with_email'),
                           after={'show_in_portal': show_in_portal,
                                  'send_with_email': show_in_portal and send_with_email},
                           note=row.file_name)
    await publish(_changed(document, show_in_portal or row.show_in_portal))


async def file_by_id(attachment_id: int) -> AttachmentFile | None:
    """For the mail sender: the use case that queued the email checked who receives it."""
    row = await Attachment.get_or_none(id=attachment_id)
    return AttachmentFile(row.storage_key, row.file_name, row.content_type, row.size) if row else None


def _changed(document: Document, portal: bool) -> Event:
    return Event(EventKind.ATTACHMENT_CHANGED, document.id, document.contact_id, {'portal': portal})
