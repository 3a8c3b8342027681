"""The staff home: what is owed and overdue, what waits for the client, and what clients just did."""
from __future__ import annotations

from nicegui import APIRouter, ui

from components.charts.panels import StaffChartsPanel
from components.common import live
from components.common.forms import named
from components.common.heading import Heading
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.events import EventKind
from domain.formats import N_, _, moment, money, ngettext, number
from domain.overview import charts as receivables_charts
from domain.overview import staff as dashboard_staff
from domain.overview.staff import Figure, StaffDashboard

router = APIRouter()

LIVE_KINDS = {EventKind.ACTIVITY, EventKind.DOCUMENT_VIEWED, EventKind.DOCUMENT_STATUS, EventKind.COMMENT_POSTED, EventKind.PAYMENT_RECORDED, EventKind.MAIL_CHANGED}
_ICONS = {'viewed': 'visibility', 'accepted': 'thumb_up', 'declined': 'thumb_down', 'commented': 'chat',
          'paid': 'payments', 'forwarded': 'forward_to_inbox', 'factor_reset': 'phonelink_lock',
          'debit_failed': 'money_off', 'disputed': 'report',
          'uploaded': 'attach_file', 'expired': 'event_busy'}
QUICK_LINKS = [
    (N_('New contact'), 'person_add', '/staff/contacts/new'),
    (N_('New estimate'), 'request_quote', '/staff/estimates/new'),
    (N_('New invoice'), 'receipt_long', '/staff/invoices/new'),
    (N_('Record payment'), 'payments', '/staff/payments/new'),
]


@router.page('/staff')
async def dashboard_page() -> None:
    async with staff_frame(_('Dashboard')) as actor:
        view = DashboardView(actor, await dashboard_staff.staff_dashboard(actor))
        view.show()
        with view.charts:
            await StaffChartsPanel(lambda: receivables_charts.staff_charts(actor)).build()
        live.follow(lambda e: e.kind in LIVE_KINDS, lambda _events: view.reload())


class DashboardView:
    def __init__(self, actor: StaffActor, data: StaffDashboard) -> None:
        self.actor = actor
        self.data = data

    def show(self) -> None:
        self.figures()
        self.charts = ui.element('div').classes('w-full')
        with named(ui.element('nav'), _('Quick actions')).classes('w-full row gap-2'):
            for text, icon, target in QUICK_LINKS:
                ui.button(_(text), icon=icon).props('outline no-caps tag=a').props['href'] = target
        Heading(_('Recent client activity'), level=2)
        self.activity()

    async def reload(self) -> None:
        self.data = await dashboard_staff.staff_dashboard(self.actor)
        self.figures.refresh()
        self.activity.refresh()

    @ui.refreshable_method
    def figures(self) -> None:
        d = self.data
        with ui.element('div').classes('w-full grid grid-cols-2 lg:grid-cols-4 gap-2 sm:gap-3'):
            _tile(_('Outstanding'), d.outstanding, _invoices(d.outstanding.count), '/staff/invoices',
                  'account_balance_wallet')
            _tile(_('Overdue'), d.overdue, _invoices(d.overdue.count), '/staff/invoices', 'warning',
                  alert=bool(d.overdue.count))
            count = d.awaiting_approval.count
            _tile(_('Awaiting approval'), d.awaiting_approval,
                  ngettext('{count} estimate', '{count} estimates', count).format(count=number(count)), '/staff/estimates',
                  'pending')
            count = d.received_30_days.count
            _tile(_('Received, last 30 days'), d.received_30_days,
                  ngettext('{count} payment', '{count} payments', count).format(count=number(count)), '/staff/payments',
                  'savings')
        notes = []
        if d.drafts:
            notes.append((ngettext('{count} draft not sent yet', '{count} drafts not sent yet', d.drafts)
                          .format(count=number(d.drafts)), '/staff/invoices'))
        if d.unsent_mail:
            notes.append((ngettext('{count} email waiting or failed in Sent mail',
                                   '{count} emails waiting or failed in Sent mail', d.unsent_mail)
                          .format(count=number(d.unsent_mail)), '/staff/mail'))
        if notes:
            with ui.row().classes('w-full gap-4'):
                for text, target in notes:
                    ui.link(text, target).classes('text-sm text-primary')

    @ui.refreshable_method
    def activity(self) -> None:
        rows = self.data.activity
        if not rows:
            with ui.card().classes('w-full items-center py-8 gap-1').props('flat bordered'):
                ui.icon('notifications_none', size='2rem').classes('text-grey-7').props('aria-hidden=true')
                ui.label(_('No client activity yet.')).classes('text-grey-9')
                ui.label(_('When clients view, accept, comment on or pay a document, it shows up here.')) \
                    .classes('text-sm text-grey-8 text-center')
            return
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            with named(ui.element('ul'), _('Recent client activity')).classes('w-full m-0 p-0 list-none'):
                for row in rows:
                    with ui.element('li').classes('row no-wrap items-start gap-3 px-3 py-3 border-b border-gray-200'):
                        ui.icon(_ICONS.get(row.kind, 'info'), size='1.25rem') \
                            .classes('text-blue-grey-8 mt-0.5').props('aria-hidden=true')
                        with ui.column().classes('gap-0 min-w-0 grow'):
                            if row.document_link:
                                ui.link(row.sentence, row.document_link).classes('text-primary break-words')
                            else:
                                ui.label(row.sentence).classes('break-words')
                            if row.detail:
                                ui.label(row.detail).classes('text-sm text-grey-9 break-words line-clamp-2')
                            with ui.row().classes('gap-2 text-xs text-grey-8'):
                                ui.link(row.contact_name, f'/staff/contacts/{row.contact_id}') \
                                    .classes('text-grey-9')
                                ui.label(moment(row.created_at))


def _invoices(count: int) -> str:
    return ngettext('{count} invoice', '{count} invoices', count).format(count=number(count))


def _tile(title: str, figure: Figure, counted: str, target: str, icon: str, *, alert: bool = False) -> None:
    with ui.link(target=target).classes('no-underline text-grey-10'):
        with ui.card().classes('w-full h-full gap-1 hover:shadow-md').props('flat bordered'):
            with ui.row().classes('w-full items-center no-wrap gap-2'):
                ui.icon(icon, size='1.25rem').classes('text-red-10' if alert else 'text-blue-grey-8').props('aria-hidden=true')
                ui.label(title).classes('text-sm text-grey-9 font-medium')
            if figure.totals:
                for shown, cents in figure.totals:
                    ui.label(money(cents, shown)).classes('text-lg sm:text-2xl font-semibold break-words' + (' text-red-10' if alert else ''))
            else:
                ui.label(money(0, figure.currency)).classes('text-lg sm:text-2xl font-semibold text-grey-8')
            ui.label(counted).classes('text-sm text-grey-8')
