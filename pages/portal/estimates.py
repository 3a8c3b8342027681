"""Estimates: the list with its filter, and one estimate with Accept and, under More, Download PDF, Print, Decline
and Forward; below it, its comments.

Accept asks for confirmation (with a signature when the business asks for one), and the confirmation carries the
hash of the estimate it shows. When the estimate changes while it is open, the live update withdraws it and says
what changed above the estimate; a change the page has not heard of yet is refused by the server, and said alike.
"""
from nicegui import APIRouter, ui

from components.common import live
from components.common.dialogs import ConfirmDialog, ReasonDialog
from components.common.forms import run
from components.common.frame import portal_frame
from components.documents.accept_dialog import AcceptDialog
from components.documents.pdf_actions import document_actions
from components.documents.view import document_view
from components.portal.document import DocumentPage, document_page
from components.portal.forward_dialog import forward
from components.portal.lists import ESTIMATES, Choice, FilteredList, document_rows
from components.portal.page import MenuItem, more_menu
from domain.documents.acceptance import AcceptanceForm, ContentChanged, Requester
from domain.documents.portal import ESTIMATE_FILTERS, accept_estimate, decline_estimate, list_estimates, open_estimate
from domain.errors import Invalid
from domain.form_input import choice
from domain.formats import _, day, moment, money

router = APIRouter()
_OUTCOME_COLOURS = {'accepted': 'bg-green-1 text-green-10', 'declined': 'bg-red-1 text-red-10',
                    'expired': 'bg-orange-1 text-orange-10', 'invoiced': 'bg-purple-1 text-purple-10'}


@router.page('/portal/estimates')
async def estimates_page(status: str = 'all', page: str = '1') -> None:
    async with portal_frame(_('Estimates')) as actor:
        ui.label(_('Estimates the business has sent you. Open one to accept or decline it.')).classes('text-grey-9')
        listing = FilteredList(
            '/portal/estimates', [Choice('status', _('Show'), ESTIMATE_FILTERS, choice(status, ESTIMATE_FILTERS, 'all'))],
            page,
            load=lambda page, status: list_estimates(actor, status, page),
            render=lambda result: document_rows(result, base='/portal/estimates', estimates=True),
            noun=ESTIMATES)
        await listing.show()
        live.follow(live.for_portal(actor.contact_id), lambda _events: listing.refresh())


@router.page('/portal/estimates/{document_id}')
async def estimate_page(document_id: str) -> None:
    await document_page(EstimatePage, document_id, missing=_('Estimate not found'),
                        see_all=_('See all your estimates'), back_label=_('All estimates'))


def requester() -> Requester:
    """The network address and browser of the person on this page, as the server saw them."""
    request = ui.context.client.request
    return Requester(ip=request.client.host if request.client else '', user_agent=request.headers.get('user-agent', ''))


class EstimatePage(DocumentPage):
    opener = staticmethod(open_estimate)
    list_url = '/portal/estimates'

    def __init__(self, *args) -> None:
        super().__init__(*args)
        self.notice = ui.label().classes('w-full text-negative font-medium empty:hidden').props('role=alert')
        self.question: ui.dialog | None = None  # the open confirmation, withdrawn if the estimate changes
        self.question_sha256 = ''  # the hash of the estimate it shows

    async def reload(self) -> None:
        await super().reload()
        document = self.document
        if self.question is None or (document.can_decide and document.content_sha256 == self.question_sha256):
            return
        self.question.submit(None)
        self.question = None
        self.notice.set_text(ContentChanged(document.view.total, document.view.currency).message
                             if document.can_decide else _('This estimate changed while you were reading it.'))

    @ui.refreshable_method
    async def show(self) -> None:
        document = self.document
        view = document.view
        with ui.row().classes('w-full items-center gap-2'):
            if document.can_decide:
                ui.button(_('Accept'), icon='check', on_click=self.accept).props('unelevated no-caps')
            more_menu(self._more_items())
        if not document.can_decide:
            self._outcome()
        document_view(view)

    def _more_items(self) -> list[MenuItem]:
        items = document_actions(self.actor, self.document.view).menu_items()
        if self.document.can_decide:
            items.append((_('Decline'), 'close', self.decline))
        if self.document.can_forward:
            items.append((_('Forward'), 'forward_to_inbox', self.forward))
        return items

    def _outcome(self) -> None:
        """Why there is nothing to do: said plainly, with the reason given when it was declined."""
        view = self.document.view
        decided = moment(self.document.decided_at) if self.document.decided_at else ''
        by_staff = self.document.view.acceptance is not None and self.document.view.acceptance.by_staff
        texts = {
            'accepted': ('check_circle', _('Your acceptance of this estimate, given to us outside the portal, was '
                                           'recorded on {date}.').format(date=decided) if by_staff
                         else _('You accepted this estimate on {date}.').format(date=decided) if decided
                         else _('You accepted this estimate.')),
            'declined': ('cancel', _('This estimate was declined on {date}.').format(date=decided) if decided
                         else _('This estimate was declined.')),
            'expired': ('schedule',
                        _('This estimate expired on {date}, so it can no longer be accepted. Please ask the business '
                          'for a new one if you are still interested.').format(date=day(view.expiry_date))),
            'invoiced': ('receipt_long',
                         _('This estimate was accepted and has been turned into an invoice.')),
        }
        if view.display_status not in texts:
            return
        icon, text = texts[view.display_status]
        with ui.card().classes('w-full gap-1').classes(_OUTCOME_COLOURS[view.display_status]).props('flat bordered role=status'):
            with ui.row().classes('items-center gap-2 no-wrap'):
                ui.icon(icon).props('aria-hidden=true')
                ui.label(text)
            if view.acceptance and not view.acceptance.by_staff and view.display_status in {'accepted', 'invoiced'}:
                ui.label(_('Signed as {name} on {date}.').format(name=view.acceptance.typed_name,
                                                                 date=moment(view.acceptance.accepted_at))) \
                    .classes('text-sm')
            if view.display_status == 'declined' and view.decline_reason:
                ui.label(_('Reason: {reason}').format(reason=view.decline_reason)).classes('whitespace-pre-line text-sm')

    async def accept(self) -> None:
        with self.root:
            await self._accept()

    async def _accept(self) -> None:
        view = self.document.view
        where = requester()
        self.notice.set_text('')
        self.question_sha256 = self.document.content_sha256
        if self.document.signature_required:
            self.question = AcceptDialog(view, signature=True, accept=lambda form: self._send(form, where))
        else:
            self.question = ConfirmDialog(
                _('Accept estimate {number}?').format(number=view.number),
                _('You agree to the work and the total of {total}. The business will be told straight away.').format(
                    total=money(view.total, view.currency)), yes=_('Accept estimate'), no=_('Cancel'))
        dialog = self.question
        answer = await dialog
        dialog.delete()
        if self.question is dialog:
            self.question = None
        if answer and not self.document.signature_required:
            answer = (await run(self._send(None, where))).value
        if answer:
            ui.notify(_('Estimate {number} accepted. Thank you!').format(number=view.number), type='positive')

    async def _send(self, form: AcceptanceForm | None, where: Requester) -> bool:
        """Accept what the confirmation showed: True when done, False when the estimate changed meanwhile (said
        above it, with the new total). Other refusals are raised for the caller's `run`; after bad input the
        signature dialog stays open, so the live update may still withdraw it."""
        dialog, self.question = self.question, None  # from here the server decides what was accepted
        try:
            await accept_estimate(self.actor, self.document.view.id, self.question_sha256, form, where)
        except Invalid:
            self.question = dialog
            raise
        except ContentChanged as error:
            self.notice.set_text(error.message)
            await self.reload()
            return False
        await self.reload()
        return True

    async def forward(self) -> None:
        with self.root:
            await forward(self.actor, self.document.view.id,
                          _('Forward estimate {number}').format(number=self.document.view.number))

    async def decline(self) -> None:
        with self.root:
            await self._decline()

    async def _decline(self) -> None:
        view = self.document.view
        dialog = ReasonDialog(_('Decline estimate {number}?').format(number=view.number),
                              _('Tell the business why, if you like: it helps them make a better offer.'),
                              _('Decline estimate'), field=_('Reason (optional)'))
        while (reason := await dialog) is not None:
            outcome = await run(self._done(decline_estimate(self.actor, view.id, reason)), inputs={'reason': dialog.reason})
            if isinstance(outcome.error, Invalid):
                continue
            if outcome.ok:
                ui.notify(_('Estimate {number} declined.').format(number=view.number), type='info')
            break
        dialog.delete()

    async def _done(self, action) -> None:
        await action
        await self.reload()
