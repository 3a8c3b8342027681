"""The staff page of one estimate or invoice: the document, its status, what can be done with it now, and the
conversation with the client.

The page follows events for its document, so a client's view, acceptance or payment shows up without a reload: a
view redraws only the facts, other changes the document part. The comment feed below follows comments itself.
"""
from __future__ import annotations

from collections.abc import Awaitable
from typing import TypeVar

from nicegui import ui

from components import live
from components.comment_feed import StaffCommentFeed
from components.confirm import confirm
from components.document_table import viewed_mark
from components.document_view import document_view
from components.heading import Heading
from components.pdf_actions import document_actions
from domain import estimates, invoices, staff_documents
from domain.actors import StaffActor
from domain.errors import DomainError, NotFound
from domain.events import Event
from domain.formats import moment
from domain.models import label
from domain.staff_documents import StaffDocument, no_recipients_message

T = TypeVar('T')


class DocumentPage:
    def __init__(self, actor: StaffActor, document_id: int | None, *, estimate: bool) -> None:
        """`document_id` None: the address held no id that can be a document, which reads as not found."""
        self.actor = actor
        self.id = document_id
        self.estimate = estimate
        self.noun = 'estimate' if estimate else 'invoice'
        self.data: StaffDocument | None = None

    async def load(self) -> StaffDocument:
        if self.estimate:
            return await estimates.get_estimate(self.actor, self.id)
        return await invoices.get_invoice(self.actor, self.id)

    async def title(self) -> str:
        """Load the document before the frame is drawn, so the page heading can name it."""
        try:
            if self.id is None:
                raise NotFound()
            self.data = await self.load()
        except NotFound:
            return f'{self.noun.capitalize()} not found'
        return f'{self.data.view.title} {self.data.view.number}'

    async def build(self, *, send: bool = False) -> None:
        if self.data is None:
            ui.status_code(404)
            ui.label(f'There is no such {self.noun}. It may have been deleted.')
            ui.link(f'Back to all {self.noun}s', f'/staff/{self.noun}s').classes('text-blue-9')
            return
        self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
        self._body()
        live.follow(self._affects, self._changed)
        recipients = [] if self.data.view.status == 'draft' else [r.name for r in self.data.recipients]
        await StaffCommentFeed(self.actor, self.id, recipients).build()
        if send and 'send' in self.data.actions:
            ui.timer(0.1, self.send, once=True)  # the page must be delivered before a dialog can be awaited

    def _affects(self, event: Event) -> bool:
        return event.document_id == self.id and event.kind not in live.CONVERSATION

    async def _changed(self, events: list[Event]) -> None:
        if all(event.kind == 'document.viewed' for event in events):
            try:
                self.data = await self.load()
            except NotFound:
                return
            self._facts.refresh()
        else:
            await self.reload()

    async def reload(self) -> None:
        try:
            self.data = await self.load()
        except NotFound:
            self.message.set_text(f'This {self.noun} has been deleted.')
            return
        await self._body.refresh()

    @ui.refreshable_method
    def _body(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        with ui.row().classes('w-full items-center justify-between gap-2'):
            ui.link(f'← All {self.noun}s', f'/staff/{self.noun}s').classes('text-blue-9 text-sm')
            self._actions(data)
        with ui.card().classes('w-full gap-2').props('flat bordered'):
            self._facts()
        document_view(view, staff=True)

    def _actions(self, data: StaffDocument) -> None:
        """The next step first and filled; the others outlined; rarely used ones in the "More" menu."""
        view, actions = data.view, data.actions
        first_send = view.status in {'draft', 'declined'}
        with ui.row().classes('gap-2 items-center'):
            if 'convert' in actions:
                ui.button('Convert to invoice', icon='receipt_long', on_click=self.convert).props('unelevated no-caps')
            if 'record_payment' in actions:
                ui.button('Record payment', icon='payments', on_click=lambda: ui.navigate.to(
                    f'/staff/payments/new?contact={view.contact.contact_id}&invoice={view.id}')) \
                    .props('unelevated no-caps')
            if 'send' in actions:
                ui.button('Send' if view.status == 'draft' else 'Send again', icon='send', on_click=self.send) \
                    .props('unelevated no-caps' if first_send else 'outline no-caps')
            if 'edit' in actions:
                ui.button('Edit', icon='edit', on_click=lambda: ui.navigate.to(
                    f'/staff/{self.noun}s/{view.id}/edit')).props('outline no-caps')
            document_actions(self.actor, view).buttons()
            more = [(name, text) for name, text in (
                ('mark_accepted', 'Mark as accepted'), ('mark_declined', 'Mark as declined'),
                ('void', 'Void invoice'), ('delete', 'Delete draft')) if name in actions]
            if more:
                with ui.button(icon='more_vert').props('flat round aria-label="More actions"'), \
                        ui.menu().props('auto-close'):
                    for name, text in more:
                        ui.menu_item(text, on_click=lambda n=name: self.more(n))

    @ui.refreshable_method
    def _facts(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        with ui.row().classes('w-full items-center gap-x-6 gap-y-2'):
            ui.label(f'Sent {moment(data.sent_at)}' if data.sent_at else 'Not sent yet').classes('text-sm')
            if view.first_viewed_at:
                viewed_mark(view.first_viewed_at, view.last_viewed_at, detailed=True)
            elif data.sent_at:
                with ui.row().classes('items-center gap-2 text-grey-8'):
                    ui.icon('visibility_off').props('aria-hidden=true')
                    ui.label('Not viewed by the client yet').classes('text-sm')
        if data.source:
            with ui.row().classes('items-center gap-1 text-sm'):
                ui.label(f'Created from {label(data.source.kind).lower()}')
                ui.link(data.source.number, data.source.path).classes('text-blue-9')
        for derived in data.derived:
            with ui.row().classes('items-center gap-1 text-sm'):
                ui.label(f'Converted to {label(derived.kind).lower()}')
                ui.link(derived.number, derived.path).classes('text-blue-9')
                ui.label(f'({label(derived.status).lower()})').classes('text-grey-8')
        if view.status == 'declined':
            ui.label('Declined by the client' + (f': “{view.decline_reason}”' if view.decline_reason else '.')) \
                .classes('text-sm text-red-10 whitespace-pre-line')
        if data.expiry_passed:
            ui.label('The expiry date has passed, so the client can no longer accept it. Edit the estimate and give '
                     'it a new expiry date to send it again.').classes('text-sm text-grey-9')
        if 'send' in data.actions and not data.recipients:
            ui.label(no_recipients_message(view.contact.name, data.portal_open)).classes('text-sm text-grey-9')
        elif 'send' in data.actions:
            ui.label('Sending it emails a portal link to ' + ', '.join(r.name for r in data.recipients) + '.') \
                .classes('text-sm text-grey-8')

    async def send(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        if data.recipients:
            people = '\n'.join(f'{r.name} <{r.email}>' if r.name != r.email else r.email for r in data.recipients)
            agreed = await confirm(f'Send {self.noun} {view.number}',
                                   f'An email with a link to the {self.noun} and its PDF goes to:', people,
                                   yes=f'Send {self.noun}')
        else:
            agreed = await confirm(f'Mark {view.number} as sent?',
                                   no_recipients_message(view.contact.name, data.portal_open),
                                   'You can mark it as sent anyway, for example when you hand it over yourself. '
                                   'People you give portal access later will find it there.',
                                   yes='Mark as sent')
        if not agreed:
            return
        action = estimates.send_estimate if self.estimate else invoices.send_invoice
        ok, _ = await self._run(action(self.actor, self.id, without_email=not data.recipients))
        if ok:
            count = len(data.recipients)
            ui.notify(f'{view.number} sent to {count} {"person" if count == 1 else "people"}.' if count else
                      f'{view.number} marked as sent.', type='positive')
            await self.reload()

    async def convert(self) -> None:
        ok, invoice_id = await self._run(estimates.convert_to_invoice(self.actor, self.id))
        if ok:
            ui.navigate.to(f'/staff/invoices/{invoice_id}')

    async def more(self, name: str) -> None:
        assert self.data is not None
        number = self.data.view.number
        if name == 'mark_accepted':
            if await confirm(f'Mark {number} as accepted?', 'Do this when the client accepted it outside the portal.',
                             yes='Mark as accepted'):
                await self._done(estimates.mark_estimate(self.actor, self.id, 'accept'), f'{number} accepted.')
        elif name == 'mark_declined':
            reason = await self._reason(number)
            if reason is not None:
                await self._done(estimates.mark_estimate(self.actor, self.id, 'decline', reason), f'{number} declined.')
        elif name == 'void':
            if await confirm(f'Void invoice {number}?', 'It stays on record, but the client no longer owes it and '
                             'cannot pay it. This cannot be undone.', yes='Void invoice', danger=True):
                await self._done(invoices.void_invoice(self.actor, self.id), f'{number} is void.')
        elif name == 'delete' and await confirm(f'Delete {number}?', 'The draft and its lines are deleted for good.',
                                                yes='Delete draft', danger=True):
            ok, target = await self._run(staff_documents.delete_draft(self.actor, self.id))
            if ok:
                ui.navigate.to(target)

    async def _reason(self, number: str) -> str | None:
        with ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
            Heading(f'Mark {number} as declined?', level=2)
            reason = ui.textarea('Reason (optional)').props('outlined autogrow maxlength=2000').classes('w-full')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(None)).props('flat no-caps')
                ui.button('Mark as declined', on_click=lambda: dialog.submit(reason.value or '')).props('unelevated no-caps')
        result = await dialog
        dialog.delete()
        return result

    async def _done(self, action: Awaitable, message: str) -> None:
        ok, _ = await self._run(action)
        if ok:
            ui.notify(message, type='positive')
            await self.reload()

    async def _run(self, action: Awaitable[T]) -> tuple[bool, T | None]:
        """Await a use case: (True, its result), or (False, None) with the refusal shown above the document."""
        self.message.set_text('')
        try:
            return True, await action
        except DomainError as error:
            self.message.set_text(error.message)
            return False, None
