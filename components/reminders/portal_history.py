"""The reminders of an invoice on its portal page: when each came, at which level, what was due then, and the late
fee it brought (a link to that invoice). Drawn with the invoice, so it is read again when the invoice page updates."""
from __future__ import annotations

from nicegui import ui

from components.common.heading import Heading
from domain.actors import PortalActor
from domain.errors import NotFound
from domain.formats import _, day, money
from domain.reminders import history
from domain.reminders.history import level_name


async def portal_reminder_history(actor: PortalActor, invoice_id: int, currency: str) -> None:
    try:
        rows = await history.portal_reminders(actor, invoice_id)
    except NotFound:
        return
    if not rows:
        return
    with ui.card().classes('w-full gap-2').props('flat bordered').mark('reminders'):
        Heading(_('Reminders'), level=2)
        with ui.element('ul').classes('m-0 pl-5 text-sm').mark('reminder-history'):
            for row in rows:
                with ui.element('li'):
                    ui.label(_('{date} · reminder {level}, {when} · {amount} due').format(
                        date=day(row.sent_on), level=row.level, when=level_name(row.days),
                        amount=money(row.amount_due, currency))).classes('inline')
                    if row.fee_id is not None:
                        ui.label(' · ').classes('inline')
                        ui.link(_('late fee {number}, {amount}').format(
                            number=row.fee_number, amount=money(row.fee_amount, currency)) + (
                            ' ' + _('(waived)') if row.fee_waived else ''), f'/portal/invoices/{row.fee_id}') \
                            .classes('text-primary')
