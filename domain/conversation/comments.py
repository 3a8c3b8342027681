"""The conversation on an estimate or invoice: clients' comments, staff replies and staff's internal notes.

A client sees their own contact's comments and the staff replies marked "Display in portal", never an internal
note. That rule is SHOWN_IN_PORTAL, declared once: the portal's read is its SQL, the comments a live update brings
are tested with it in Python (`CommentView.shown_in_portal`), and the `comment.posted` event carries its answer
(`data['portal']`), so portal pages are not even woken for a note. Staff see everything.
Comments are plain text: stored as typed (trimmed, line breaks kept) and always shown as text, never as HTML.
"""
from __future__ import annotations

import asyncio
from dataclasses import dataclass
from datetime import datetime

from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.activity.log import record_activity
from domain.actors import Actor, PortalActor, StaffActor
from domain.documents.portal import parse_id
from domain.documents.sending import portal_url, recipients_for
from domain.documents.visibility import SHOWN, visible_document
from domain.errors import Invalid, NotFound, SessionEnded
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import N_, _
from domain.mail import compose as mail
from domain.models import ActivityKind, AuthorKind, Comment, ContactPerson, Document, DocumentKind, sql
from domain.models.sql import where

MAX_COMMENT = 2000
LOAD_AT_MOST = 500  # the newest comments of a document; a conversation this long is rare
SHOWN_IN_PORTAL = where('author_kind', '=', AuthorKind.CLIENT) | where('display_in_portal', '=', True)


@dataclass(frozen=True)
class CommentView:
    id: int
    author_kind: str  # 'client' or 'staff'
    author_name: str
    body: str
    display_in_portal: bool
    created_at: datetime

    @property
    def from_client(self) -> bool:
        return self.author_kind == AuthorKind.CLIENT

    @property
    def shown_in_portal(self) -> bool:
        return SHOWN_IN_PORTAL.holds(self)

    @property
    def internal(self) -> bool:
        """A staff note that the portal never shows."""
        return not self.shown_in_portal


def clean_body(body: str | None) -> str:
    try:
        return form_input.text(body, limit=MAX_COMMENT, multiline=True, required=_('Write your comment first.'))
    except ValueError as error:
        raise Invalid.field('comment', str(error)) from None


def _view(comment: Comment) -> CommentView:
    return CommentView(comment.id, str(comment.author_kind), comment.author_name, comment.body,
                       comment.display_in_portal, comment.created_at)


async def _list(query) -> list[CommentView]:
    newest = await query.order_by('-created_at', '-id').limit(LOAD_AT_MOST)
    return [_view(comment) for comment in reversed(newest)]


async def _portal_document(actor: PortalActor, document_id: int | str) -> Document:
    document = await visible_document(actor.contact_id, parse_id(document_id))
    if document is None:
        raise NotFound()
    return document


async def portal_comments(actor: PortalActor, document_id: int | str) -> list[CommentView]:
    """What the client sees of the conversation, oldest first."""
    await sessions.check(actor)
    document = await _portal_document(actor, document_id)
    shown, params = SHOWN_IN_PORTAL.sql()
    newest = await sql.models(  # by hand (see domain/models/sql.py): every document page of the portal reads them
        Comment, f'SELECT * FROM comment WHERE document_id = ? AND ({shown}) ORDER BY created_at DESC, id DESC LIMIT ?',
        [document.id, *params, LOAD_AT_MOST])
    return [_view(comment) for comment in reversed(newest)]


async def post_comment(actor: PortalActor, document_id: int | str, body: str) -> CommentView:
    """A client's comment: the business gets an activity email, and every open page of the document shows it."""
    await sessions.check(actor)
    text = clean_body(body)
    document = await _portal_document(actor, document_id)
    async with in_transaction():
        person = await ContactPerson.get(id=actor.person_id)
        comment = await Comment.create(document_id=document.id, author_kind=AuthorKind.CLIENT, person_id=person.id,
                                       author_name=person.name[:200], body=text, display_in_portal=True)
        activity = await record_activity(ActivityKind.COMMENTED, actor.contact_id, document.id, person.id, text)
        await audit.record(actor, audit.Action.COMMENT_POSTED, on=document, after=audit.snapshot(comment, 'body'))
    await publish(_posted(comment, document), activity)
    return _view(comment)


async def _staff_document(document_id: int) -> Document:
    document = await Document.get_or_none(id=require_id(document_id))
    if document is None:
        raise NotFound(_('There is no such document.'))
    return document


async def staff_comments(actor: StaffActor, document_id: int) -> list[CommentView]:
    """The whole conversation for staff: client comments, replies and internal notes, oldest first."""
    await sessions.check(actor)
    document = await _staff_document(document_id)
    return await _list(Comment.filter(document_id=document.id))


async def post_reply(actor: StaffActor, document_id: int, body: str, *, display_in_portal: bool = False,
                     email_client: bool = True) -> CommentView:
    """A staff comment. Without `display_in_portal` it is an internal note that only staff ever see.

    A reply shown in the portal is emailed to the contact's people with portal access, unless `email_client` is
    off or they cannot open the document the email links to (a draft, or one voided before it was sent); the email
    is queued in the same transaction.
    """
    await sessions.check(actor)
    text = clean_body(body)
    async with in_transaction():
        document = await _staff_document(document_id)
        comment = await Comment.create(document_id=document.id, author_kind=AuthorKind.STAFF, staff_id=actor.staff_id,
                                       author_name=actor.name[:200], body=text, display_in_portal=display_in_portal)
        if email_client and SHOWN_IN_PORTAL.holds(comment) and SHOWN.holds(document):
            await _email_reply(document, text)
        await audit.record(actor, audit.Action.COMMENT_POSTED, on=document,
                           after=audit.snapshot(comment, 'body', 'display_in_portal'))
    await publish(_posted(comment, document))
    return _view(comment)


async def new_comments(actor: Actor, document_id: int, ids: list[int]) -> list[CommentView]:
    """The comments among `ids` (just posted) that `actor` may see, oldest first.

    A new comment wakes every open page of its document at once. Their requests are answered together: one
    session query and one comment query serve them all, and each person gets only what they may see (a client
    never an internal note, nor anything of a document that is not theirs).
    """
    return await _readers.read(actor, document_id, tuple(sorted(set(ids))[:LOAD_AT_MOST]))


class _Readers:
    """Collects the requests made in the same turn of the event loop and answers them with shared queries."""

    def __init__(self) -> None:
        self.waiting: dict[tuple[int, tuple[int, ...]], list[tuple[Actor, asyncio.Future]]] = {}
        self.tasks: set[asyncio.Task] = set()

    async def read(self, actor: Actor, document_id: int, ids: tuple[int, ...]) -> list[CommentView]:
        loop = asyncio.get_running_loop()
        if not self.waiting:
            loop.call_soon(self._start)
        future = loop.create_future()
        self.waiting.setdefault((document_id, ids), []).append((actor, future))
        return await future

    def _start(self) -> None:
        batch, self.waiting = self.waiting, {}
        task = asyncio.get_running_loop().create_task(self._answer(batch))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)

    async def _answer(self, batch: dict[tuple[int, tuple[int, ...]], list[tuple[Actor, asyncio.Future]]]) -> None:
        try:
            alive = await sessions.alive([actor for requests in batch.values() for actor, _ in requests])
            for (document_id, ids), requests in batch.items():
                await self._answer_one(document_id, ids, requests, alive)
        except Exception as error:  # every waiting page hears of it
            for requests in batch.values():
                for _request, future in requests:
                    if not future.done():
                        future.set_exception(error)
        finally:  # and none waits for ever, even when this task is cancelled
            for requests in batch.values():
                for _request, future in requests:
                    future.cancel()

    async def _answer_one(self, document_id: int, ids: tuple[int, ...],
                          requests: list[tuple[Actor, asyncio.Future]], alive: set[int]) -> None:
        found = [_view(c) for c in await Comment.filter(document_id=document_id, id__in=ids).order_by('created_at', 'id')]
        contacts = {actor.contact_id for actor, _ in requests if isinstance(actor, PortalActor)}
        readable = set(await Document.filter((where('contact_id', 'in', contacts) & SHOWN).q(), id=document_id)
                       .values_list('contact_id', flat=True)) if contacts else set()
        for actor, future in requests:
            if actor.session_id not in alive:
                future.set_exception(SessionEnded())
            elif isinstance(actor, StaffActor):
                future.set_result(found)
            elif actor.contact_id in readable:
                future.set_result([c for c in found if c.shown_in_portal])
            else:
                future.set_exception(NotFound())


_readers = _Readers()


def _posted(comment: Comment, document: Document) -> Event:
    return Event(EventKind.COMMENT_POSTED, document.id, document.contact_id,
                 {'comment_id': comment.id, 'portal': SHOWN_IN_PORTAL.holds(comment)})


# the subject, the first line and the button of the reply email, per kind of document
_REPLY_TEXTS = {
    DocumentKind.ESTIMATE: (N_('New comment on estimate {number}'), N_('{business} wrote about estimate {number}:'),
                            N_('View estimate')),
    DocumentKind.INVOICE: (N_('New comment on invoice {number}'), N_('{business} wrote about invoice {number}:'),
                           N_('View invoice')),
    DocumentKind.RETAINER: (N_('New comment on retainer invoice {number}'),
                            N_('{business} wrote about retainer invoice {number}:'), N_('View retainer invoice')),
    DocumentKind.CREDIT_NOTE: (N_('New comment on credit note {number}'),
                               N_('{business} wrote about credit note {number}:'), N_('View credit note')),
}


async def _email_reply(document: Document, text: str) -> None:
    subject, opening, button = _REPLY_TEXTS.get(DocumentKind(document.kind), _REPLY_TEXTS[DocumentKind.INVOICE])
    business = await mail.business_name()
    for recipient in await recipients_for(document.contact_id):
        first_name = recipient.name.split(' ')[0] if recipient.name != recipient.email else ''
        async with mail.written_for(recipient.language):
            await mail.queue('comment_reply', recipient.email, _(subject).format(number=document.number),
                             greeting=_('Hello {name},').format(name=first_name) if first_name else _('Hello,'),
                             paragraphs=[_(opening).format(business=business, number=document.number), text,
                                         _('You can answer in the client portal, below the document.')],
                             action=mail.Action(_(button), portal_url(document.kind, document.id)),
                             to_name=recipient.name, contact_id=document.contact_id)
