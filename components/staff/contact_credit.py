"""Credit on the staff contact page: what the contact has available, its credit notes, and New credit note, Apply
credit (to one or several open invoices) and Refund credit (paid back by bank, cash or cheque)."""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.forms import run
from components.common.heading import Heading
from domain.actors import StaffActor
from domain.documents.credit_notes import contact_credit_notes
from domain.formats import _, day, money
from domain.models import label
from domain.payments.credit import apply_credit, credit_setup
from domain.payments.refund_credit import REFUND_MODES, CreditRefundDraft, refund_credit


class ContactCreditPanel:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id

    async def build(self) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered'):
            Heading(_('Credit'), level=2)
            await self.show()
        live.follow(live.about(contact_id=self.contact_id), lambda _events: self.show.refresh())

    @ui.refreshable_method
    async def show(self) -> None:
        setup = (await run(credit_setup(self.actor, self.contact_id))).value
        if setup is None:
            return
        owed = sum(balance for _id, _number, balance in setup.invoices)
        ui.label(_('Credit available: {amount}').format(amount=money(setup.available, setup.currency))) \
            .classes('font-semibold').mark('credit-available')
        ui.label(_('Open invoices owe {owed}; less the credit, {balance}.').format(
            owed=money(owed, setup.currency), balance=money(owed - setup.available, setup.currency))) \
            .classes('text-sm text-grey-9')
        with ui.row().classes('gap-2'):
            ui.button(_('New credit note'), icon='add', on_click=lambda: ui.navigate.to(
                f'/staff/credit-notes/new?contact={self.contact_id}')).props('outline no-caps')
            if setup.available and setup.invoices:
                ui.button(_('Apply credit'), on_click=self.apply).props('unelevated no-caps')
            if setup.available:
                ui.button(_('Refund credit'), on_click=self.refund).props('outline no-caps')
        for note in await contact_credit_notes(self.actor, self.contact_id):
            with ui.row().classes('w-full items-center gap-3 text-sm'):
                ui.link(note.number, f'/staff/credit-notes/{note.id}').classes('text-blue-9 font-medium')
                ui.label(day(note.issue_date))
                ui.label(label(note.status))
                ui.label(_('{total} · {left} left').format(total=money(note.total, note.currency),
                                                            left=money(note.left, note.currency)))

    async def apply(self) -> None:
        setup = (await run(credit_setup(self.actor, self.contact_id))).value
        if setup is None:
            return
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            dialog.props['aria-label'] = _('Apply credit')
            Heading(_('Apply credit'), level=2)
            ui.label(_('{amount} of credit is available. Type what to apply to each invoice.').format(
                amount=money(setup.available, setup.currency)))
            fields: dict[str, ui.input] = {}
            for invoice_id, number, balance in setup.invoices:
                fields[f'invoice.{invoice_id}'] = ui.input(
                    _('{number} (owes {amount})').format(number=number, amount=money(balance, setup.currency))) \
                    .props('outlined dense inputmode=decimal').classes('w-full')
            message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')

            async def save() -> None:
                typed = {int(key.split('.')[1]): field.value or '' for key, field in fields.items()}
                if (await run(apply_credit(self.actor, self.contact_id, typed), inputs=fields, message=message,
                              success=_('Credit applied.'))).ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps')
                ui.button(_('Apply to invoices'), on_click=save).props('unelevated no-caps')
        if await dialog:
            await self.show.refresh()
        dialog.delete()

    async def refund(self) -> None:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            dialog.props['aria-label'] = _('Refund credit')
            Heading(_('Refund credit'), level=2)
            ui.label(_('Record credit you paid back to the customer outside the portal.'))
            fields = {'amount': ui.input(_('Amount')).props('outlined inputmode=decimal'),
                      'date': ui.input(_('Date')).props('outlined type=date'),
                      'reference': ui.input(_('Reference')).props('outlined')}
            mode = ui.select({m.value: label(m.value) for m in REFUND_MODES}, value=REFUND_MODES[0].value,
                             label=_('Paid back by'))
            message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')

            async def save() -> None:
                draft = CreditRefundDraft(fields['amount'].value or '', str(mode.value), fields['date'].value or '',
                                          fields['reference'].value or '')
                if (await run(refund_credit(self.actor, self.contact_id, draft), inputs={**fields, 'mode': mode},
                              message=message, success=_('Refund recorded.'))).ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps')
                ui.button(_('Record refund'), on_click=save).props('unelevated no-caps')
        if await dialog:
            await self.show.refresh()
        dialog.delete()
