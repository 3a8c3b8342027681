"""The staff page of one estimate or invoice: the document, its status, what can be done with it now, and the
conversation with the client.

The page follows events for its document, so a client's view, acceptance or payment shows up without a reload: a
view redraws only the facts, other changes the document part. The comment feed below follows comments itself.
"""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.dialogs import ReasonDialog, confirm
from components.common.forms import named, run
from components.documents.acceptance_record import acceptance_record
from components.documents.attachments import AttachmentPanel
from components.documents.comments import StaffCommentFeed
from components.documents.einvoice_refusal import show_refusal
from components.documents.pdf_actions import document_actions, einvoice_downloads, other_language_menu
from components.documents.view import document_view
from components.reminders.invoice_panel import StaffReminderPanel
from components.staff.automatic_payment import InvoiceChargeAttempts
from components.staff.document_table import viewed_mark
from components.staff.mark_accepted import MarkAcceptedDialog, withdrawn_message
from domain.actors import StaffActor
from domain.documents import estimates, invoices
from domain.documents import staff as staff_documents
from domain.documents.rules import STATUS_WORDS
from domain.documents.sending import no_recipients_message
from domain.documents.staff import StaffDocument
from domain.einvoices.checking import EInvoiceRefused
from domain.errors import Invalid, NotFound
from domain.events import Event, EventKind
from domain.formats import N_, _, moment, ngettext
from domain.models import label
from integrations.file_storage import storage

CREATED_FROM = {'estimate': N_('Created from estimate'), 'invoice': N_('Created from invoice'),
                'retainer': N_('Created from retainer invoice')}
CONVERTED_TO = {'estimate': N_('Converted to estimate'), 'invoice': N_('Converted to invoice'),
                'retainer': N_('Converted to retainer invoice')}
MORE_ACTIONS = (('mark_accepted', N_('Mark as accepted')), ('mark_declined', N_('Mark as declined')),
                ('void', N_('Void invoice')), ('delete', N_('Delete draft')))


class DocumentPage:
    def __init__(self, actor: StaffActor, document_id: int | None, *, estimate: bool) -> None:
        """`document_id` None: the address held no id that can be a document, which reads as not found (no document
        has the id 0)."""
        self.actor = actor
        self.id = document_id or 0
        self.estimate = estimate
        self.noun = 'estimate' if estimate else 'invoice'
        self.data: StaffDocument | None = None
        self.marking: MarkAcceptedDialog | None = None  # open while staff mark the estimate accepted

    async def load(self) -> StaffDocument:
        if self.estimate:
            return await estimates.get_estimate(self.actor, self.id)
        return await invoices.get_invoice(self.actor, self.id)

    async def title(self) -> str:
        """Load the document before the frame is drawn, so the page heading can name it."""
        try:
            self.data = await self.load()
        except NotFound:
            return _('Estimate not found') if self.estimate else _('Invoice not found')
        return f'{self.data.view.title} {self.data.view.number}'

    async def build(self, *, send: bool = False) -> None:
        if self.data is None:
            ui.status_code(404)
            ui.label(_('There is no such estimate. It may have been deleted.') if self.estimate else
                     _('There is no such invoice. It may have been deleted.'))
            ui.link(_('Back to all estimates') if self.estimate else _('Back to all invoices'), f'/staff/{self.noun}s').classes('text-blue-9')
            return
        self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
        self._body()
        live.follow(self._affects, self._changed)
        recipients = [] if self.data.view.status == 'draft' else [r.name for r in self.data.recipients]
        if not self.estimate:
            await StaffReminderPanel(self.actor, self.id).build()
            await InvoiceChargeAttempts(self.actor, self.id).build()
        await AttachmentPanel(self.actor, self.id).build()
        await StaffCommentFeed(self.actor, self.id, recipients).build()
        if send and 'send' in self.data.actions:
            ui.timer(0.1, self.send, once=True)  # the page must be delivered before a dialog can be awaited

    def _affects(self, event: Event) -> bool:
        return event.document_id == self.id and event.kind not in live.CONVERSATION

    async def _changed(self, events: list[Event]) -> None:
        if all(event.kind == EventKind.DOCUMENT_VIEWED for event in events):
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
            self.message.set_text(_('This estimate has been deleted.') if self.estimate else
                                  _('This invoice has been deleted.'))
            return
        await self._body.refresh()
        if self.marking is not None and self.marking.stale(self.data):
            self.marking.submit(None)
            self.message.set_text(withdrawn_message(self.data))

    @ui.refreshable_method
    def _body(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        with ui.row().classes('w-full items-center justify-between gap-2'):
            ui.link(_('← All estimates') if self.estimate else _('← All invoices'), f'/staff/{self.noun}s').classes('text-blue-9 text-sm')
            self._actions(data)
        with ui.card().classes('w-full gap-2').props('flat bordered'):
            self._facts()
        if view.acceptance is not None:
            acceptance_record(view.acceptance)
        document_view(view, staff=True)

    def _actions(self, data: StaffDocument) -> None:
        """The next step first and filled; the others outlined; rarely used ones in the "More" menu."""
        view, actions = data.view, data.actions
        first_send = view.status in {'draft', 'declined'}
        with ui.row().classes('gap-2 items-center'):
            if 'convert' in actions:
                ui.button(_('Convert to invoice'), icon='receipt_long', on_click=self.convert).props('unelevated no-caps')
            if 'record_payment' in actions:
                ui.button(_('Record payment'), icon='payments', on_click=lambda: ui.navigate.to(
                    f'/staff/payments/new?contact={view.contact.contact_id}&invoice={view.id}')) \
                    .props('unelevated no-caps')
            if 'send' in actions:
                ui.button(_('Send') if view.status == 'draft' else _('Send again'), icon='send', on_click=self.send) \
                    .props('unelevated no-caps' if first_send else 'outline no-caps')
            if not self.estimate and view.status in {'sent', 'partially_paid', 'paid'}:
                ui.button(_('Credit note'), icon='price_check', on_click=lambda: ui.navigate.to(
                    f'/staff/credit-notes/new?invoice={view.id}')).props('outline no-caps')
            if 'edit' in actions:
                ui.button(_('Edit'), icon='edit', on_click=lambda: ui.navigate.to(
                    f'/staff/{self.noun}s/{view.id}/edit')).props('outline no-caps')
            document_actions(self.actor, view).buttons()
            other_language_menu(view.id)
            more = [(name, text) for name, text in MORE_ACTIONS if name in actions]
            if view.kind == 'invoice':
                more.append(('make_recurring', N_('Make recurring')))
            downloads = einvoice_downloads(self.actor, view)
            if more or downloads:
                with named(ui.button(icon='more_vert'), _('More actions')).props('flat round'), \
                        ui.menu().props('auto-close'):
                    for name, text in more:
                        ui.menu_item(_(text), on_click=lambda n=name: self.more(n))
                    for text, url in downloads:
                        ui.menu_item(text, on_click=lambda url=url: ui.download.from_url(url))

    @ui.refreshable_method
    def _facts(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        with ui.row().classes('w-full items-center gap-x-6 gap-y-2'):
            ui.label(_('Sent {moment}').format(moment=moment(data.sent_at)) if data.sent_at else _('Not sent yet')) \
                .classes('text-sm')
            if view.first_viewed_at:
                viewed_mark(view.first_viewed_at, view.last_viewed_at, detailed=True)
            elif data.sent_at:
                with ui.row().classes('items-center gap-2 text-grey-8'):
                    ui.icon('visibility_off').props('aria-hidden=true')
                    ui.label(_('Not viewed by the client yet')).classes('text-sm')
        if data.source:
            with ui.row().classes('items-center gap-1 text-sm'):
                kind = str(data.source.kind)
                ui.label(_(CREATED_FROM[kind]) if kind in CREATED_FROM else label(kind))
                ui.link(data.source.number, data.source.path).classes('text-blue-9')
        if data.recurring_profile_id is not None:
            with ui.row().classes('items-center gap-1 text-sm'):
                ui.label(_('Made by a recurring profile:'))
                ui.link(_('open the profile'), f'/staff/recurring/{data.recurring_profile_id}').classes('text-blue-9')
        for derived in data.derived:
            with ui.row().classes('items-center gap-1 text-sm'):
                kind = str(derived.kind)
                ui.label(_(CONVERTED_TO[kind]) if kind in CONVERTED_TO else label(kind))
                ui.link(derived.number, derived.path).classes('text-blue-9')
                ui.label(_('({status})').format(status=_(STATUS_WORDS.get(str(derived.status), derived.status)))) \
                    .classes('text-grey-8')
        if view.status == 'declined':
            ui.label(_('Declined by the client: “{reason}”').format(reason=view.decline_reason)
                     if view.decline_reason else _('Declined by the client.')) \
                .classes('text-sm text-red-10 whitespace-pre-line')
        if data.expiry_passed:
            ui.label(_('The expiry date has passed, so the client can no longer accept it. Edit the estimate and '
                       'give it a new expiry date to send it again.')).classes('text-sm text-grey-9')
        if 'send' in data.actions and not data.recipients:
            ui.label(no_recipients_message(view.contact.name, data.portal_open)).classes('text-sm text-grey-9')
        elif 'send' in data.actions:
            ui.label(_('Sending it emails a portal link to {names}.').format(
                names=', '.join(r.name for r in data.recipients))) \
                .classes('text-sm text-grey-8')

    async def send(self) -> None:
        assert self.data is not None
        data, view = self.data, self.data.view
        if data.recipients:
            people = '\n'.join(f'{r.name} <{r.email}>' if r.name != r.email else r.email for r in data.recipients)
            files = _('With the attached files: {files}.').format(files=', '.join(data.emailed_files)) \
                if data.emailed_files else ''
            if self.estimate:
                title, text, yes = (_('Send estimate {number}').format(number=view.number),
                                    _('An email with a link to the estimate and its PDF goes to:'), _('Send estimate'))
            else:
                title, text, yes = (_('Send invoice {number}').format(number=view.number),
                                    _('An email with a link to the invoice and its PDF goes to:'), _('Send invoice'))
            agreed = await confirm(title, text, people, *([files] if files else []), yes=yes)
        else:
            agreed = await confirm(_('Mark {number} as sent?').format(number=view.number),
                                   no_recipients_message(view.contact.name, data.portal_open),
                                   _('You can mark it as sent anyway, for example when you hand it over yourself. '
                                     'People you give portal access later will find it there.'),
                                   yes=_('Mark as sent'))
        if not agreed:
            return
        action = estimates.send_estimate if self.estimate else invoices.send_invoice
        if (await run(action(self.actor, self.id, without_email=not data.recipients), message=self.message,
                      invalid=lambda error: self._refused(error, view.contact.contact_id))).ok:
            count = len(data.recipients)
            ui.notify(ngettext('{number} sent to {count} person.', '{number} sent to {count} people.', count)
                      .format(number=view.number, count=count) if count else
                      _('{number} marked as sent.').format(number=view.number), type='positive')
            await self.reload()

    def _refused(self, error: Invalid, contact_id: int) -> None:
        self.message.set_text(error.message)
        if isinstance(error, EInvoiceRefused):
            show_refusal(error, self.id, contact_id)

    async def convert(self) -> None:
        outcome = await run(estimates.convert_to_invoice(self.actor, self.id), message=self.message)
        if outcome.ok:
            ui.navigate.to(f'/staff/invoices/{outcome.value}')

    async def more(self, name: str) -> None:
        assert self.data is not None
        number = self.data.view.number
        if name == 'make_recurring':
            ui.navigate.to(f'/staff/recurring/new?invoice={self.id}')
        elif name == 'mark_accepted':
            await self._mark_accepted(number)
        elif name == 'mark_declined':
            await self._mark_declined(number)
        elif name == 'void':
            if await confirm(_('Void invoice {number}?').format(number=number),
                             _('It stays on record, but the client no longer owes it and cannot pay it. This cannot '
                               'be undone.'), yes=_('Void invoice'), danger=True):
                if (await run(invoices.void_invoice(self.actor, self.id), message=self.message,
                              success=_('{number} is void.').format(number=number))).ok:
                    await self.reload()
        elif name == 'delete' and await confirm(_('Delete {number}?').format(number=number),
                                                _('The draft and its lines are deleted for good.'),
                                                yes=_('Delete draft'), danger=True):
            target = (await run(staff_documents.delete_draft(self.actor, self.id, storage()), message=self.message)).value
            if target is not None:
                ui.navigate.to(target)

    async def _mark_accepted(self, number: str) -> None:
        assert self.data is not None
        self.message.set_text('')
        with ui.context.client.content:  # not in the menu, which a live update redraws while the dialog is open
            self.marking = MarkAcceptedDialog(self.actor, self.data, self.message)
        try:
            done = await self.marking.run()
        finally:
            self.marking = None
        if done:
            ui.notify(_('{number} accepted.').format(number=number), type='positive')
        if done is not None:  # accepted, or refused because it changed: show it as it is now
            await self.reload()

    async def _mark_declined(self, number: str) -> None:
        """Ask for the client's reason; a reason that is refused is explained under the field, the dialog stays."""
        with ui.context.client.content:  # not in the menu, which a live update redraws while the dialog is open
            dialog = ReasonDialog(_('Mark {number} as declined?').format(number=number),
                                  _('Do this when the client declined it outside the portal.'), _('Mark as declined'),
                                  max_length=2000)
        done = False
        while not done and (reason := await dialog) is not None:
            outcome = await run(estimates.mark_estimate(self.actor, self.id, 'decline', reason),
                                inputs={'reason': dialog.reason}, message=self.message)
            done = outcome.ok
            if not done and not isinstance(outcome.error, Invalid):
                break
        dialog.delete()
        if done:
            ui.notify(_('{number} declined.').format(number=number), type='positive')
            await self.reload()

