"""The portal's home: what is owed, the last payment, estimates to approve, and the business's message."""
import asyncio

from nicegui import APIRouter, ui

from components.charts.charts import list_link
from components.charts.panels import AgeingPanel
from components.common import live
from components.common.frame import portal_frame
from components.payments.pay_now import pay_now_button
from components.portal.tile import DETAIL, GOOD, SMALL_LINK, Tile
from domain.actors import PortalActor
from domain.formats import _, day, money, ngettext, number
from domain.models import DocumentKind, label
from domain.overview.charts import portal_ageing
from domain.overview.portal import Dashboard, dashboard
from domain.recurring.portal import next_recurring_invoice
from domain.recurring.rules import describe_frequency
from domain.recurring.views import ProfileRow

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
            upcoming = await next_recurring_invoice(self.actor)
            if upcoming is not None:
                _recurring(upcoming)
            if figures.credit:
                _credit(figures)


def _foot() -> ui.row:
    return ui.row().classes('w-full justify-end mt-auto')


def _outstanding(figures: Dashboard, actor: PortalActor) -> None:
    tile = Tile(_('Outstanding invoices'), 'receipt_long').figure(money(figures.outstanding_total, figures.currency))
    count = figures.outstanding_count
    tile.link(ngettext('{count} unpaid invoice', '{count} unpaid invoices', count).format(count=count),
              '/portal/invoices?status=outstanding&kind=invoice')
    if figures.overdue_count:
        overdue = figures.overdue_count
        tile.warning(ngettext('{count} invoice overdue · {amount}', '{count} invoices overdue · {amount}', overdue)
                     .format(count=overdue, amount=money(figures.overdue_total, figures.currency)),
                     '/portal/invoices?status=overdue')
    if figures.outstanding_total > 0:
        with tile, _foot():
            pay_now_button(actor, kind=DocumentKind.INVOICE)
    else:
        tile.text(_('You are all paid up. Thank you!'), GOOD)


def _retainers(figures: Dashboard, actor: PortalActor) -> None:
    tile = Tile(_('Retainer invoices'), 'savings').figure(money(figures.retainer_total, figures.currency))
    tile.text(_('Total due on retainer invoices'))
    if figures.retainer_count:
        retainers = figures.retainer_count
        tile.link(ngettext('{count} unpaid retainer invoice', '{count} unpaid retainer invoices', retainers)
                  .format(count=retainers), '/portal/invoices?status=outstanding&kind=retainer')
    if figures.retainer_total > 0:
        with tile, _foot():
            button = pay_now_button(actor, kind=DocumentKind.RETAINER)
            button.props['aria-label'] = _('Pay Now: retainer invoices')


def _last_payment(figures: Dashboard) -> None:
    payment = figures.last_payment
    tile = Tile(_('Last payment made'), 'payments')
    if payment is None:
        tile.text(_('No payments yet.'))
        return
    tile.figure(money(payment.amount, payment.currency))
    tile.text(f'{day(payment.date)} · {label(payment.mode)}' + (f' · {payment.reference}' if payment.reference else ''),
              DETAIL)
    if payment.applied_to:
        tile.links(_('Paid'), [(applied.number, f'/portal/invoices/{applied.document_id}')
                               for applied in payment.applied_to])
    tile.link(_('All payments made'), '/portal/payments', SMALL_LINK)


def _credit(figures: Dashboard) -> None:
    amounts = list(figures.credit.items())
    tile = Tile(_('Credit available'), 'price_check').figure(money(amounts[0][1], amounts[0][0]))
    for currency, amount in amounts[1:]:
        tile.text(money(amount, currency), DETAIL)
    tile.text(_('Used first in Pay Now, or applied by the business to your invoices.'))
    tile.link(_('Your credit notes'), '/portal/credit-notes', SMALL_LINK)


def _estimates(figures: Dashboard) -> None:
    count = figures.awaiting_estimates
    Tile(_('Estimates awaiting approval'), 'request_quote') \
        .count(number(count), _('to review'), '/portal/estimates?status=awaiting',
               ngettext('{count} estimate awaiting your approval', '{count} estimates awaiting your approval', count)
               .format(count=count)) \
        .text(_('Open an estimate to accept or decline it.') if count else _('Nothing waits for your approval.'))


def _recurring(upcoming: ProfileRow) -> None:
    tile = Tile(_('Next recurring invoice'), 'event_repeat').figure(money(upcoming.total, upcoming.currency))
    if upcoming.next_date is not None:
        tile.text(_('On {date}').format(date=day(upcoming.next_date)), DETAIL)
    tile.text(f'{upcoming.what} · {describe_frequency(upcoming.frequency)}')
    tile.link(_('All recurring invoices'), '/portal/recurring', SMALL_LINK)
