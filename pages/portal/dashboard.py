"""The portal's home: what is owed, the last payment, estimates to approve, and the business's message."""
import asyncio

from nicegui import APIRouter, ui

from components.common import live
from components.common.chart_panels import AgeingPanel
from components.common.charts import list_link
from components.common.frame import portal_frame
from components.common.heading import Heading
from components.payments.pay_now import pay_now_button
from domain.actors import PortalActor
from domain.formats import _, day, money, ngettext, number
from domain.models import DocumentKind, label
from domain.overview.charts import portal_ageing
from domain.overview.portal import Dashboard, dashboard

router = APIRouter()


@router.page('/portal')
async def dashboard_page() -> None:
    async with portal_frame(_('Dashboard')) as actor:
        overview = DashboardView(actor)
        await overview.show()
        await AgeingPanel(lambda: portal_ageing(actor), lambda age: list_link('/portal/invoices', age),
                          title=_('What you owe, by age'), wanted=live.for_portal(actor.contact_id)).build()
        live.follow(live.for_portal(actor.contact_id), lambda _events: overview.refresh())


class DashboardView:
    def __init__(self, actor: PortalActor) -> None:
        self.actor = actor
        self._refreshing = asyncio.Lock()

    async def refresh(self) -> None:
        async with self._refreshing:
            await self.show.refresh()

    @ui.refreshable_method
    async def show(self) -> None:
        figures = await dashboard(self.actor)
        first_name = self.actor.name.split()[0] if self.actor.name and '@' not in self.actor.name else ''
        ui.label(_('Hello, {name}.').format(name=first_name) if first_name else _('Hello.')) \
            .classes('text-grey-9 -mt-2')
        if figures.banner_message:
            banner = ui.card().classes('w-full bg-blue-1 text-blue-10').props('flat bordered role=note')
            banner.props['aria-label'] = _('Message from the business')
            with banner, ui.row().classes('no-wrap items-start gap-3'):
                ui.icon('campaign', size='1.5rem').props('aria-hidden=true')
                ui.label(figures.banner_message).classes('whitespace-pre-line')
        with ui.grid().classes('w-full grid-cols-1 md:grid-cols-2 gap-4'):
            _outstanding(figures, self.actor)
            _retainers(figures, self.actor)
            _last_payment(figures)
            _estimates(figures)


def _tile(title: str, icon: str) -> ui.card:
    card = ui.card().classes('w-full gap-2 p-5').props('flat bordered')
    with card, ui.row().classes('items-center gap-2 no-wrap'):
        ui.icon(icon, size='1.4rem').classes('text-primary').props('aria-hidden=true')
        Heading(title, level=2)
    return card


def _outstanding(figures: Dashboard, actor: PortalActor) -> None:
    with _tile(_('Outstanding invoices'), 'receipt_long'):
        ui.label(money(figures.outstanding_total, figures.currency)).classes('text-3xl font-bold') \
            .mark('outstanding-total')
        count = figures.outstanding_count
        ui.link(ngettext('{count} unpaid invoice', '{count} unpaid invoices', count).format(count=count),
                '/portal/invoices?status=outstanding&kind=invoice').classes('text-primary font-medium')
        if figures.overdue_count:
            with ui.row().classes('items-center gap-1 text-red-10'):
                ui.icon('warning', size='1.1rem').props('aria-hidden=true')
                overdue = figures.overdue_count
                ui.link(ngettext('{count} invoice overdue · {amount}', '{count} invoices overdue · {amount}', overdue)
                        .format(count=overdue, amount=money(figures.overdue_total, figures.currency)),
                        '/portal/invoices?status=overdue').classes('text-red-10')
        if figures.outstanding_total > 0:
            with ui.row().classes('w-full justify-end mt-auto'):
                pay_now_button(actor, kind=DocumentKind.INVOICE)
        else:
            ui.label(_('You are all paid up. Thank you!')).classes('text-green-10')


def _retainers(figures: Dashboard, actor: PortalActor) -> None:
    with _tile(_('Retainer invoices'), 'savings'):
        ui.label(money(figures.retainer_total, figures.currency)).classes('text-3xl font-bold') \
            .mark('retainer-total')
        ui.label(_('Total due on retainer invoices')).classes('text-sm text-grey-8')
        if figures.retainer_count:
            retainers = figures.retainer_count
            ui.link(ngettext('{count} unpaid retainer invoice', '{count} unpaid retainer invoices', retainers)
                    .format(count=retainers),
                    '/portal/invoices?status=outstanding&kind=retainer').classes('text-primary font-medium')
        if figures.retainer_total > 0:
            with ui.row().classes('w-full justify-end mt-auto'):
                button = pay_now_button(actor, kind=DocumentKind.RETAINER)
                button.props['aria-label'] = _('Pay Now: retainer invoices')


def _last_payment(figures: Dashboard) -> None:
    payment = figures.last_payment
    with _tile(_('Last payment made'), 'payments'):
        if payment is None:
            ui.label(_('No payments yet.')).classes('text-grey-8')
            return
        ui.label(money(payment.amount, payment.currency)).classes('text-3xl font-bold').mark('last-payment')
        ui.label(f'{day(payment.date)} · {label(payment.mode)}'
                 + (f' · {payment.reference}' if payment.reference else '')).classes('text-sm text-grey-9')
        if payment.applied_to:
            with ui.row().classes('items-baseline gap-x-2 gap-y-0 text-sm'):
                ui.label(_('Paid'))
                for applied in payment.applied_to:
                    ui.link(applied.number, f'/portal/invoices/{applied.document_id}').classes('text-primary')
        ui.link(_('All payments made'), '/portal/payments').classes('text-primary text-sm mt-auto')


def _estimates(figures: Dashboard) -> None:
    with _tile(_('Estimates awaiting approval'), 'request_quote'):
        count = figures.awaiting_estimates
        link = ui.link(target='/portal/estimates?status=awaiting') \
            .classes('no-underline text-primary row items-baseline gap-2').mark('awaiting-estimates')
        link.props['aria-label'] = ngettext('{count} estimate awaiting your approval',
                                            '{count} estimates awaiting your approval', count).format(count=count)
        with link:
            ui.label(number(count)).classes('text-3xl font-bold')
            ui.label(_('to review')).classes('font-medium')
        ui.label(_('Open an estimate to accept or decline it.') if count else _('Nothing waits for your approval.')) \
            .classes('text-sm text-grey-8')
