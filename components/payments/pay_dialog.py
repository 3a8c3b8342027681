"""The Pay Now dialog: what is paid and how much, then a saved card or the processor's card fields, then the result.

Awaiting `pay_dialog(actor, invoice_id)` opens it for one invoice (or, without an id, for every outstanding
invoice) and gives True once a payment was recorded. The amounts shown are the server's; the browser only picks
invoices (and an amount where the invoice allows partial payment), and the server checks every choice again.
"""
from __future__ import annotations

import logging
from dataclasses import replace

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, clear_errors, run, show_errors
from components.common.heading import Heading
from components.payments.card_field import CardField
from components.payments.card_form import NewCardForm
from components.payments.debit_form import DebitForm
from components.payments.selection import PaySelection
from domain.actors import PortalActor
from domain.errors import DomainError, Invalid
from domain.formats import _, money, ngettext
from domain.payments.online import (
    Outcome,
    PayRequest,
    abandon_payment,
    check_payment,
    continue_with_card,
    start_payment,
)
from domain.payments.options import PayOptions, pay_options
from domain.payments.portal_credit import pay_with_credit

NEW_CARD = 'new'
CARD, DEBIT = 'card', 'debit'
log = logging.getLogger(__name__)


async def pay_dialog(actor: PortalActor, invoice_id: int | None = None, kind: str | None = None) -> bool:
    options = (await run(pay_options(actor, invoice_id, kind))).value
    if options is None:
        return False
    with ui.context.client.content:  # not inside the page part that live updates redraw under the open dialog
        dialog = PayDialog(actor, options, single=invoice_id is not None)
    paid = await dialog  # None as well when the page went away
    await dialog.leave()
    if not dialog.is_deleted:
        dialog.delete()
    return bool(paid)


class PayDialog(ui.dialog):
    def __init__(self, actor: PortalActor, options: PayOptions, *, single: bool) -> None:
        super().__init__()
        self.actor = actor
        self.options = options
        self.single = single
        self.open_payment: int | None = None  # an attempt that has not ended yet
        self.running = False
        self.paid = False
        title = (_('Pay {number}').format(number=options.invoices[0].number) if single and options.invoices
                 else _('Pay your invoices'))
        self.props['aria-label'] = title
        with self, ui.card().classes('w-full max-w-lg gap-3'):
            Heading(title, level=2)
            if not options.invoices:
                ui.label(_('There is nothing to pay online right now.')).classes('text-grey-9')
                self._not_online_note()
                with ui.row().classes('w-full justify-end'):
                    ui.button(_('Close'), on_click=lambda: self.submit(False)).props('flat no-caps')
                return
            self.form = ui.column().classes('w-full gap-3')
            with self.form:
                self.use_credit: ui.checkbox | None = None
                self.selection = PaySelection(options, single=single, on_change=self._update_total)
                if options.credit > 0:  # the person's company has credit: used first, the rest by card
                    self.use_credit = ui.checkbox(value=True, on_change=self.selection.refresh_total) \
                        .mark('use-credit')
                self._not_online_note()
                self._method()
            self.message = alert()
            with ui.row().classes('items-center gap-3').props('role=status') as self.progress:
                ui.spinner(size='1.5rem').props('aria-hidden=true')
                self.progress_text = ui.label(_('Processing your payment…'))
            self.progress.set_visibility(False)
            self.result = ui.column().classes('w-full gap-2')
            with ui.row().classes('w-full justify-end gap-2'):
                self.cancel_button = ui.button(_('Cancel'), on_click=self._close).props('flat no-caps')
                self.pay_button = ui.button(on_click=self.pay).props('unelevated no-caps')
                if not options.available:
                    self.pay_button.set_visibility(False)
        self.selection.refresh_total()

    def _not_online_note(self) -> None:
        count = self.options.not_online
        if count:
            ui.label(ngettext('{count} other invoice cannot be paid online. Please pay them as agreed with the '
                              'business.',
                              '{count} other invoices cannot be paid online. Please pay them as agreed with the '
                              'business.', count).format(count=count)).classes('text-sm text-grey-9')

    def _credit_used(self, total: int) -> int:
        return min(self.options.credit, total) if self.use_credit is not None and self.use_credit.value else 0

    def _update_total(self, total: int, chosen: bool) -> None:
        currency = self.options.currency
        if self.use_credit is not None:
            self.use_credit.set_text(_('Use {amount} of your credit').format(
                amount=money(min(self.options.credit, total) or self.options.credit, currency)))
        by_card = total - self._credit_used(total)
        if total > 0 and by_card == 0:
            self.pay_button.set_text(_('Pay with credit'))
        else:
            self.pay_button.set_text(_('Pay {amount}').format(amount=money(by_card, currency)) if by_card > 0
                                     else _('Pay'))
        self.pay_button.set_enabled(chosen and (self.options.available or (total > 0 and by_card == 0)))

    # --- how it is paid -----------------------------------------------------------------------------------------

    def _method(self) -> None:
        options = self.options
        self.debit: DebitForm | None = None
        self.way: ui.radio | None = None
        if options.available and options.debit is not None:
            self.way = ui.radio({CARD: _('Card'), DEBIT: _('Bank debit (SEPA)')}, value=CARD,
                                on_change=self._way_changed).props('inline')
            self.way.props['aria-label'] = _('How to pay')
        else:
            with ui.row().classes('items-center gap-2'):
                ui.icon('credit_card').props('aria-hidden=true')
                ui.label(_('Payment method: credit or debit card')).classes('font-medium')
        self.card_field: CardField | None = None
        self.new_card: NewCardForm | None = None
        with ui.column().classes('w-full gap-3') as self.card_part:
            self._card_method()
        if self.way is not None and options.debit is not None:
            self.debit = DebitForm(self.actor, options.debit, options.publishable_key, options.script_url)
            self._way_changed()

    def _way_changed(self) -> None:
        by_debit = self.way is not None and self.way.value == DEBIT
        self.card_part.set_visibility(not by_debit)
        if self.debit is not None:
            self.debit.set_visibility(by_debit)

    def _card_method(self) -> None:
        options = self.options
        if not options.available:
            ui.label(_('Online payment is unavailable right now. Please try again in a few minutes, or pay '
                       'another way.')).classes('text-negative').props('role=alert')
            return
        usable = [card for card in options.cards if not card.expired]
        self.card_choice: ui.radio | None = None
        if usable:
            choices = {card.id: (_('{card} · expires {expiry} · default') if card.is_default
                                 else _('{card} · expires {expiry}')).format(card=card.label, expiry=card.expiry)
                       for card in usable}
            self.card_choice = ui.radio({**choices, NEW_CARD: _('Use a new card')}, value=usable[0].id,
                                        on_change=self._card_changed)
            self.card_choice.props['aria-label'] = _('Card to pay with')
        self.new_card = NewCardForm(self.actor, options.publishable_key, options.script_url)
        self.new_card.on_unavailable(self._unavailable)
        self._card_changed()

    def _card_changed(self) -> None:
        if self.new_card is not None:
            self.new_card.set_visibility(self.card_choice is None or self.card_choice.value == NEW_CARD)

    def _unavailable(self) -> None:
        self.message.set_text(_('Online payment is unavailable right now: the card form could not be loaded. '
                                'Please try again in a few minutes, or pay another way.'))
        self.pay_button.set_enabled(False)

    # --- paying ----------------------------------------------------------------------------------------------

    def _busy(self, text: str | None) -> None:
        running = text is not None
        self.running = running
        self.progress.set_visibility(running)
        if text is not None:
            self.progress_text.set_text(text)
            self.pay_button.props('loading')
            self.props('persistent')  # no Escape half-way through
        else:
            self.pay_button.props(remove='loading')
            self.props(remove='persistent')
        self.pay_button.set_enabled(not running)
        self.cancel_button.set_enabled(not running)

    async def pay(self) -> None:
        if self.running:  # a second click that arrived before the button was disabled
            return
        if self.debit is not None and self.way is not None and self.way.value == DEBIT:
            await self._pay_by_debit(self.debit)
            return
        inputs: dict[str, ValidationElement] = {'amount': self.selection.amount} if self.selection.amount is not None \
            else {}
        if self.new_card is not None:
            inputs.update(self.new_card.inputs)
        clear_errors(inputs, self.message)
        total = self.selection.current_total()
        credit = self._credit_used(total)
        using_new = self.card_choice is None or self.card_choice.value == NEW_CARD
        if credit < total and using_new and self.new_card is not None and not self.new_card.check():
            return
        amount_text = self.selection.amount_text()
        chosen = self.selection.selected()
        if credit:
            self._busy(_('Using your credit…'))
            try:
                used = (await run(pay_with_credit(self.actor, self.selection.selected(), amount_text),
                                  inputs=inputs, message=self.message)).value
            finally:
                self._busy(None)
            if used is None:
                return
            if used.rest <= 0:
                self._show(Outcome('paid', 0, used.used, used.currency), credit=used.used)
                return
            amount_text = used.rest_text if amount_text else ''
            chosen = list(used.still_owing)  # what the credit paid in full is paid
            self.options = replace(self.options, credit=0)
            if self.use_credit is not None:  # used: should the card fail, the rest is what is left to pay
                self.use_credit.set_visibility(False)
            self.use_credit = None
        card_id = None if using_new or self.card_choice is None else int(self.card_choice.value)
        request = PayRequest(chosen, amount_text, card_id,
                             bool(using_new and self.new_card is not None and self.new_card.save.value))
        self._busy(_('Processing your payment…'))
        try:
            outcome = (await run(self._run(request, using_new), inputs=inputs, message=self.message)).value
        except Exception:
            log.exception('the Pay Now dialog failed')
            await self.leave()
            self.message.set_text(_('Something went wrong on our side, and the payment was stopped. Please try '
                                    'again in a few minutes; if a payment went through, the invoice will show it.'))
            return
        finally:
            self._busy(None)
        if outcome is not None:
            self._show(outcome)

    async def _pay_by_debit(self, debit: DebitForm) -> None:
        inputs = {**({'amount': self.selection.amount} if self.selection.amount is not None else {}), **debit.inputs}
        request = debit.request(self.selection.selected(), self.selection.amount_text())
        opened: list[int] = []
        self._busy(_('Submitting your bank debit…'))

        def refused(error: Invalid) -> None:
            show_errors(error, inputs, self.message)
            debit.show_refusal(error.fields)
        try:
            outcome = (await run(debit.pay(request, opened), inputs=inputs, message=self.message,
                                 invalid=refused)).value
        except Exception:
            log.exception('the bank debit in the Pay Now dialog failed')
            for online_payment_id in opened:
                self.open_payment = online_payment_id
            await self.leave()
            self.message.set_text(_('Something went wrong on our side, and the debit was stopped. Please try '
                                    'again in a few minutes.'))
            return
        finally:
            self._busy(None)
        if outcome is not None:
            self._show(outcome)

    async def _run(self, request: PayRequest, using_new: bool) -> Outcome:
        outcome = await start_payment(self.actor, request)
        self.open_payment = outcome.online_payment_id
        if outcome.state == 'needs_card':
            assert self.new_card is not None
            answer = await self.new_card.confirm(outcome.client_secret)
            if answer.get('error') or not answer.get('setup_intent'):
                await abandon_payment(self.actor, outcome.online_payment_id)
                self.open_payment = None
                return Outcome('declined', outcome.online_payment_id, outcome.amount, outcome.currency,
                               answer.get('error') or _('Your card could not be confirmed.'))
            outcome = await continue_with_card(self.actor, outcome.online_payment_id, answer['setup_intent'])
        if outcome.state == 'needs_action':
            assert self.new_card is not None
            self._busy(_('Waiting for your bank to confirm the payment…'))
            await self.new_card.field.authenticate(outcome.client_secret)
            self._busy(_('Processing your payment…'))
            outcome = await check_payment(self.actor, outcome.online_payment_id)
        if outcome.state != 'pending':
            self.open_payment = None
        return outcome

    def _show(self, outcome: Outcome, *, credit: int = 0) -> None:
        if outcome.state == 'paid':
            self.paid = True
            self.form.set_visibility(False)
            self.pay_button.set_visibility(False)
            self.cancel_button.set_text(_('Close'))
            self.result.clear()
            with self.result, ui.column().classes('w-full gap-1 text-green-10').props('role=status'):
                with ui.row().classes('items-center gap-2'):
                    ui.icon('check_circle', size='1.75rem').props('aria-hidden=true')
                    ui.label(_('Payment received')).classes('text-lg font-semibold')
                ui.label(_('Thank you. {amount} was paid with your credit.').format(
                    amount=money(outcome.amount, outcome.currency)) if credit else
                    _('Thank you. {amount} was paid by card; a receipt is on its way to your email.')
                         .format(amount=money(outcome.amount, outcome.currency))).classes('text-grey-10')
            self.cancel_button.props('autofocus')
        elif outcome.state == 'processing':
            self.paid = True
            self.form.set_visibility(False)
            self.pay_button.set_visibility(False)
            self.cancel_button.set_text(_('Close'))
            self.result.clear()
            with self.result, ui.column().classes('w-full gap-1 text-grey-10').props('role=status'):
                with ui.row().classes('items-center gap-2'):
                    ui.icon('schedule', size='1.75rem').props('aria-hidden=true')
                    ui.label(_('Payment processing')).classes('text-lg font-semibold')
                ui.label(_('Your bank debit of {amount} was submitted. The invoice shows "Payment processing" '
                           'until your bank confirms it.').format(amount=money(outcome.amount, outcome.currency)))
            self.cancel_button.props('autofocus')
        elif outcome.state == 'pending':
            self.message.set_text(outcome.message)
        else:
            self.message.set_text(_('The payment did not go through: {reason} Nothing was charged. You can try '
                                    'again or use another card.').format(reason=outcome.message))

    async def _close(self) -> None:
        self.submit(self.paid)

    async def leave(self) -> None:
        """After the dialog closed: an attempt still open is cancelled, so its invoices are free again. A refusal is
        not said: the person has moved on, and the attempt's hold on the invoices lapses by itself (LOCK_FOR)."""
        if self.open_payment is not None:
            try:
                await abandon_payment(self.actor, self.open_payment)
            except DomainError:
                pass
            self.open_payment = None
