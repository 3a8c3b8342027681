"""Estimates: the list with its filter, and one estimate with Accept and, under More, Download PDF, Print, Decline
and Forward; below it, its comments."""
from nicegui import APIRouter, ui

from components.common import live
from components.common.dialogs import ReasonDialog, confirm
from components.common.forms import show_errors
from components.common.frame import portal_frame
from components.documents.accept_dialog import AcceptDialog
from components.documents.pdf_actions import document_actions
from components.documents.view import document_view
from components.portal.document import DocumentPage, document_page
from components.portal.forward_dialog import forward
from components.portal.lists import ESTIMATES, Choice, FilteredList, document_rows
from components.portal.page import MenuItem, attempt, more_menu
from domain.documents.acceptance import Requester
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
        texts = {
            'accepted': ('check_circle', _('You accepted this estimate on {date}.').format(date=decided) if decided
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
            if view.acceptance is not None and view.display_status in {'accepted', 'invoiced'}:
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
        if not self.document.signature_required:
            await self._accept_in_one_step()
            return
        where = requester()
        dialog = AcceptDialog(view, self.document.content_sha256, signature=True,
                              accept=lambda form: attempt(self._done(accept_estimate(self.actor, view.id, form,
                                                                                     where))))
        done = await dialog
        dialog.delete()
        if done:
            ui.notify(_('Estimate {number} accepted. Thank you!').format(number=view.number), type='positive')

    async def _accept_in_one_step(self) -> None:
        view = self.document.view
        if not await confirm(_('Accept estimate {number}?').format(number=view.number),
                             _('You agree to the work and the total of {total}. The business will be told straight '
                               'away.').format(total=money(view.total, view.currency)),
                             yes=_('Accept estimate'), no=_('Cancel')):
            return
        if await attempt(self._done(accept_estimate(self.actor, view.id, requester=requester()))):
            ui.notify(_('Estimate {number} accepted. Thank you!').format(number=view.number), type='positive')

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
            try:
                done = await attempt(self._done(decline_estimate(self.actor, view.id, reason)))
            except Invalid as error:
                show_errors(error, {'reason': dialog.reason})
                continue
            if done:
                ui.notify(_('Estimate {number} declined.').format(number=view.number), type='info')
            break
        dialog.delete()

    async def _done(self, action) -> bool:
        await action
        await self.reload()
        return True
