"""The conversation under an estimate or invoice: the comments, oldest first, and a box to add one.

The same feed serves both sides. In the portal it shows what the client may see and posts client comments; on the
staff page it shows everything, marks each comment as the client's, an internal note or a reply shown in the
portal, and posts staff comments with the "Display in portal" choice. What the portal shows is decided once, in
domain/conversation/comments.py: the feed reads it from each comment (`shown_in_portal`) and from each event
(`data['portal']`). New comments from anyone arrive live and are added at the end; nothing else is redrawn.

The comments are drawn in the browser from data (see `comment_list.js`), a few dozen per element: a new comment
updates one small element instead of creating half a dozen, which keeps a hundred open pages quick to update.
Comment text is interpolated as text there, never as HTML or Markdown.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import json, ui

from components.common import live
from components.common.forms import run
from components.common.heading import Heading
from domain.actors import PortalActor, StaffActor
from domain.conversation import comments
from domain.conversation.comments import MAX_COMMENT, CommentView
from domain.events import Event, EventKind
from domain.formats import N_, _, moment

Load = Callable[[], Awaitable[list[CommentView]]]

CHUNK = 10  # comments per element: an update sends at most this many
_MARKS = {  # what each kind of comment is called on each side, its mark colours and its left edge
    ('staff', 'client'): (N_('Client'), 'bg-blue-1 text-blue-10', 'border-l-4 border-blue-8'),
    ('staff', 'portal'): (N_('Shown in portal'), 'bg-green-1 text-green-10', 'border-l-4 border-green-8'),
    ('staff', 'internal'): (N_('Internal note'), 'bg-amber-1 text-brown-10', 'border-l-4 border-amber-8'),
    ('portal', 'client'): ('', '', 'border-l-4 border-blue-8'),
    ('portal', 'portal'): (N_('From the business'), 'bg-grey-3 text-grey-10', 'border-l-4 border-grey-7'),
}


class CommentList(ui.element, component='comment_list.js'):
    """Up to CHUNK comments as one element."""

    def __init__(self, side: str) -> None:
        super().__init__()
        self.side = side
        self.comments: list[CommentView] = []
        self.shown: list[dict] = []
        self._props['comments'] = '[]'

    def add(self, comment: CommentView) -> None:
        kind = 'client' if comment.from_client else 'portal' if comment.shown_in_portal else 'internal'
        mark, colours, edge = _MARKS[(self.side, kind)]
        self.comments.append(comment)
        self.shown.append({'i': comment.id, 'a': comment.author_name, 'm': _(mark) if mark else '', 'c': colours,
                           'e': edge,
                           't': moment(comment.created_at), 'b': comment.body})
        # one string rather than nested data: cheap to send, and nothing for the garbage collector to trace
        self._props['comments'] = json.dumps(self.shown)
        self.update()

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """What the comments show, so that tests with the simulated user can read them."""
        return [value for data in self.shown for value in (data['a'], data['m'], data['t'], data['b'])]


class CommentFeed:
    """The feed and the box; the portal and staff variants below add what differs."""

    def __init__(self, *, actor: PortalActor | StaffActor, document_id: int, load: Load) -> None:
        self.actor = actor
        self.side = 'staff' if isinstance(actor, StaffActor) else 'portal'
        self.document_id = document_id
        self.load = load
        self.shown: set[int] = set()
        self.chunks: list[CommentList] = []

    async def build(self) -> None:
        with ui.column().classes('w-full gap-3').mark('comments'):
            Heading(_('Comments'), level=2)
            self.entries = ui.column().classes('w-full gap-2').props('role=log aria-live=polite')
            self.entries.props['aria-label'] = _('Comments')
            with self.entries:
                self.empty = ui.label(self._empty_text()).classes('text-sm text-grey-8')
            for comment in await self.load():
                self._add(comment)
            self._form()
        live.follow(self._wanted, self._arrived)

    def _empty_text(self) -> str:
        if self.side == 'staff':
            return _('No comments yet. Notes you add here stay internal unless you tick "Display in portal".')
        return _('No comments yet. Ask a question or leave a note for the business here.')

    def _wanted(self, event: Event) -> bool:
        return (event.kind == EventKind.COMMENT_POSTED and event.document_id == self.document_id
                and (self.side == 'staff' or bool(event.data.get('portal'))))

    async def _arrived(self, events: list[Event]) -> None:
        if any(event.kind == EventKind.CATCH_UP for event in events):  # events were missed: show whatever is new
            for comment in await self.load():
                self._add(comment)
            return
        ids = [event.data['comment_id'] for event in events if event.data.get('comment_id') not in self.shown]
        if ids:
            for comment in await comments.new_comments(self.actor, self.document_id, ids):
                self._add(comment)

    def _add(self, comment: CommentView) -> None:
        if comment.id in self.shown:
            return
        self.shown.add(comment.id)
        self.empty.set_visibility(False)
        if not self.chunks or len(self.chunks[-1].comments) >= CHUNK:
            with self.entries:
                self.chunks.append(CommentList(self.side).classes('w-full').mark('comment-list'))
        self.chunks[-1].add(comment)

    def _form(self) -> None:
        with ui.column().classes('w-full gap-2'):
            self.text = ui.textarea(_('Comment')).props(f'outlined autogrow maxlength={MAX_COMMENT} counter') \
                .classes('w-full').mark('comment-box')
            self.options()
            self.alert = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
            self.button = ui.button(_('Post comment'), icon='send', on_click=self._post) \
                .props('unelevated no-caps').classes('self-end')

    def options(self) -> None:
        """Extra choices under the box (staff only)."""

    async def send(self, text: str) -> CommentView:
        """Post the comment as this side does. A method, not a stored bound method, which would put the feed in a
        reference cycle with itself and keep a closed page's form for the full garbage collection."""
        raise NotImplementedError

    async def _post(self) -> None:
        self.button.disable()
        try:
            comment = (await run(self.send(self.text.value or ''), inputs={'comment': self.text},
                                 message=self.alert)).value
        finally:
            self.button.enable()
        if comment is None:
            return
        self.text.value = ''
        self.after_post()
        self._add(comment)

    def after_post(self) -> None:
        """Put the choices back to their defaults, so the next comment is not shown or emailed by accident."""


class PortalCommentFeed(CommentFeed):
    def __init__(self, actor: PortalActor, document_id: int) -> None:
        super().__init__(actor=actor, document_id=document_id,
                         load=lambda: comments.portal_comments(actor, document_id))
        self.portal_actor = actor

    async def send(self, text: str) -> CommentView:
        comment = await comments.post_comment(self.portal_actor, self.document_id, text)
        ui.notify(_('Comment posted. The business has been told.'), type='positive')
        return comment


class StaffCommentFeed(CommentFeed):
    def __init__(self, actor: StaffActor, document_id: int, recipients: list[str]) -> None:
        super().__init__(actor=actor, document_id=document_id,
                         load=lambda: comments.staff_comments(actor, document_id))
        self.staff_actor = actor
        self.recipients = recipients

    def options(self) -> None:
        with ui.column().classes('w-full gap-0'):
            self.display = ui.checkbox(_('Display in portal'), value=False).mark('display-in-portal')
            ui.label(_('Without it, this is an internal note that only staff see.')).classes('text-xs text-grey-8 ml-10') \
                .bind_visibility_from(self.display, 'value', backward=lambda shown: not shown)
            with ui.column().classes('gap-0').bind_visibility_from(self.display, 'value'):
                self.email = ui.checkbox(_('Email the client'), value=True).mark('email-client')
                ui.label(_('Goes to {recipients}.').format(recipients=', '.join(self.recipients)) if self.recipients
                         else _('Nobody at this client has portal access, so no email goes out.')) \
                    .classes('text-xs text-grey-8 ml-10')

    async def send(self, text: str) -> CommentView:
        return await comments.post_reply(self.staff_actor, self.document_id, text,
                                         display_in_portal=self.display.value, email_client=self.email.value)

    def after_post(self) -> None:
        self.display.value = False
        self.email.value = True
