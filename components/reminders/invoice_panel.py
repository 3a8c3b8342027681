"""An invoice's payment reminders on its staff page: each reminder sent (the day, the level, what was due, the late
fee it brought), whether reminders are paused for it or off for its contact, Pause and Resume; on a late-fee invoice,
the invoice and level it came from, and Waive fee (or who waived it, when and why). It follows its invoice's
reminders and status, so a reminder sent by the scheduler in any process shows at once."""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.dialogs import ReasonDialog
from components.common.forms import alert, run
from components.common.heading import Heading
from domain.actors import StaffActor
from domain.errors import Invalid
from domain.events import EventKind
from domain.formats import _, day, moment, money
from domain.reminders import fees, history
from domain.reminders.history import ReminderRow, StaffReminders, level_name


def reminder_text(row: ReminderRow, currency: str) -> str:
    """'05 May 2026 · Level 3, 7 days after the due date · $120.00 due'."""
    return _('{date} · Level {level}, {when} · {amount} due').format(
        date=day(row.sent_on), level=row.level, when=level_name(row.days), amount=money(row.amount_due, currency))


class StaffReminderPanel:
    def __init__(self, actor: StaffActor, invoice_id: int) -> None:
        self.actor = actor
        self.id = invoice_id
        self.data: StaffReminders | None = None

    async def build(self) -> None:
        self.data = (await run(history.invoice_reminders(self.actor, self.id))).value
        self.area = ui.column().classes('w-full gap-2')
        with self.area:
            self.show()
        live.follow(live.about(document_id=self.id, kinds={EventKind.REMINDER_SENT, EventKind.DOCUMENT_STATUS}),
                    lambda _events: self.reload())

    async def reload(self) -> None:
        outcome = await run(history.invoice_reminders(self.actor, self.id))
        if outcome.ok:
            self.data = outcome.value
            self.show.refresh()

    @ui.refreshable_method
    def show(self) -> None:
        data = self.data
        if data is None or not (data.rows or data.can_pause or data.fee_origin):
            return
        with ui.card().classes('w-full gap-2').props('flat bordered').mark('reminders'):
            if data.fee_origin is not None:
                self.origin(data)
            Heading(_('Payment reminders'), level=2)
            if data.rows:
                with ui.element('ul').classes('m-0 pl-5 text-sm').mark('reminder-history'):
                    for row in data.rows:
                        with ui.element('li'):
                            ui.label(reminder_text(row, data.currency)).classes('inline')
                            if row.fee_id is not None:
                                ui.label(' · ').classes('inline')
                                ui.link(_('late fee {number}, {amount}').format(
                                    number=row.fee_number, amount=money(row.fee_amount, data.currency)) + (
                                    ' ' + _('(waived)') if row.fee_waived else ''), f'/staff/invoices/{row.fee_id}') \
                                    .classes('text-blue-9')
            elif data.can_pause:
                ui.label(_('No reminder sent yet.')).classes('text-sm text-grey-8')
            self.message = alert()
            if data.can_pause:
                with ui.row().classes('w-full items-center gap-3'):
                    ui.label(self.state(data)).classes('text-sm text-grey-9').mark('reminder-state')
                    ui.space()
                    ui.button(_('Resume reminders') if data.paused else _('Pause reminders'),
                              icon='play_arrow' if data.paused else 'pause', on_click=self.pause) \
                        .props('outline no-caps')

    @staticmethod
    def state(data: StaffReminders) -> str:
        if not data.reminders_on:
            return _('Payment reminders are off in Portal settings.')
        if not data.contact_on:
            return _('Payment reminders are off for this contact.')
        if data.paused:
            return _('Reminders are paused for this invoice.')
        return _('Reminders go out as the schedule in Portal settings says.')

    def origin(self, data: StaffReminders) -> None:
        origin = data.fee_origin
        assert origin is not None
        with ui.row().classes('w-full items-center gap-1 text-sm').mark('late-fee-origin'):
            ui.label(_('Late fee for invoice'))
            ui.link(origin.invoice_number, f'/staff/invoices/{origin.invoice_id}').classes('text-blue-9')
            ui.label(_('(reminder {when})').format(when=level_name(origin.level_days)))
        if origin.waived_at is not None:
            ui.label(_('Waived by {name} on {moment}: “{reason}”').format(
                name=origin.waived_by, moment=moment(origin.waived_at), reason=origin.waive_reason)) \
                .classes('text-sm text-grey-9 whitespace-pre-line').mark('waived')
        elif origin.can_waive:
            ui.button(_('Waive fee'), icon='money_off', on_click=self.waive).props('outline no-caps')

    async def waive(self) -> None:
        with ui.context.client.content:
            dialog = ReasonDialog(_('Waive this late fee?'), _('Its invoice becomes void: the client no longer owes '
                                                                  'it. Your name and the reason are kept.'),
                                  _('Waive this fee'), field=_('Reason'), max_length=fees.MAX_REASON)
        done = False
        while not done and (reason := await dialog) is not None:
            outcome = await run(fees.waive_late_fee(self.actor, self.id, reason), inputs={'reason': dialog.reason},
                                success=_('The late fee is waived.'))
            done = outcome.ok
            if not done and not isinstance(outcome.error, Invalid):
                break
        dialog.delete()
        if done:
            await self.reload()

    async def pause(self) -> None:
        assert self.data is not None
        if (await run(history.pause_reminders(self.actor, self.id, not self.data.paused), message=self.message,
                      success=_('Reminders resumed.') if self.data.paused else _('Reminders paused.'))).ok:
            await self.reload()
