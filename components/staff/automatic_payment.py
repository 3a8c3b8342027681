"""Automatic payment on the staff side: on a contact's page, whether a client person turned it on (who, when, the
card, from where, and the words they agreed to) with "Ask for automatic payment" when it is off; on an invoice's
page, each automatic charge attempt. Both follow live updates. Staff never turn it on themselves."""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.forms import alert, run
from domain.actors import StaffActor
from domain.errors import DomainError
from domain.events import EventKind
from domain.formats import _, day, moment, money
from domain.payments.automatic.consent import ask_for_automatic_payment, contact_automatic_payment
from domain.payments.automatic.history import ChargeAttempt, attempts_of

_FOLLOWED = {EventKind.AUTOMATIC_PAYMENT}


class ContactAutomaticPayment:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id

    async def build(self) -> None:
        self.box = ui.column().classes('w-full gap-2').mark('automatic-payment')
        self.message = alert()
        await self._show()
        live.follow(live.about(contact_id=self.contact_id, kinds=_FOLLOWED), self._show)

    async def _show(self, _events: object = None) -> None:
        try:
            consent = await contact_automatic_payment(self.actor, self.contact_id)
        except DomainError:
            return
        self.box.clear()
        with self.box:
            if consent is None:
                with ui.row().classes('w-full items-center gap-3'):
                    ui.label(_('Automatic payment is off: invoices are paid when the client pays them.')) \
                        .classes('text-sm text-grey-9')
                    ui.button(_('Ask for automatic payment'), icon='mail', on_click=self._ask) \
                        .props('outline no-caps')
                return
            text = _('{name} turned on automatic payment by {card} on {when} (network address {ip}). Each invoice '
                     'in euros is debited on its due date.') if consent.debit else \
                _('{name} turned on automatic payment with their {card} on {when} (network address {ip}). '
                  'Each invoice is charged on its due date.')
            ui.label(text.format(name=consent.person_name, card=consent.card_label, when=moment(consent.granted_at),
                                 ip=consent.ip or '-')).classes('text-sm')
            with ui.expansion(_('What they agreed to')).classes('w-full text-sm').props('dense'):
                ui.label(consent.words).classes('text-sm text-grey-9 whitespace-pre-line')

    async def _ask(self) -> None:
        outcome = await run(ask_for_automatic_payment(self.actor, self.contact_id), message=self.message)
        if outcome.value is not None:
            ui.notify(_('Asked by email. Only the client can turn it on, in My Account.'), type='positive')


class InvoiceChargeAttempts:
    """The automatic charge attempts of one invoice (nothing shown when there are none)."""

    def __init__(self, actor: StaffActor, document_id: int) -> None:
        self.actor = actor
        self.document_id = document_id

    async def build(self) -> None:
        self.box = ui.column().classes('w-full gap-1 empty:hidden').mark('automatic-charges')
        await self._show()
        live.follow(live.about(document_id=self.document_id, kinds=_FOLLOWED), self._show)

    async def _show(self, _events: object = None) -> None:
        try:
            attempts = await attempts_of(self.actor, self.document_id)
        except DomainError:
            return
        self.box.clear()
        if not attempts:
            return
        with self.box:
            ui.label(_('Automatic payment')).classes('font-medium')
            with ui.element('ul').classes('w-full list-disc pl-5 m-0 text-sm') as items:
                items.props['aria-label'] = _('Automatic payment attempts')
                for attempt in attempts:
                    with ui.element('li').classes('py-0.5'):
                        ui.label(_line(attempt))


def _line(attempt: ChargeAttempt) -> str:
    text = _('Attempt {number} on {date}: {amount} to {card}, {outcome}').format(
        number=attempt.number, date=day(attempt.on), amount=money(attempt.amount, attempt.currency),
        card=attempt.card, outcome=attempt.outcome)
    return f'{text} ({attempt.message})' if attempt.message else text
