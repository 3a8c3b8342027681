"""My Account's "Automatic payment": turn it on for the company with one of the person's saved cards, or saved SEPA
mandates (EUR invoices only), after reading exactly what they agree to, change it, or turn it off. Another person's
consent shows who gave it."""
from __future__ import annotations

from nicegui import ui

from components.common.forms import alert, run
from components.common.heading import Heading
from domain.actors import PortalActor
from domain.documents.acceptance import Requester
from domain.formats import _, day
from domain.payments.automatic.consent import (
    MyAutomaticPayment,
    my_automatic_payment,
    turn_off_automatic_payment,
    turn_on_automatic_payment,
    words_for,
)


def _requester() -> Requester:
    """The network address and browser of the person on this page, as the server saw them."""
    request = ui.context.client.request
    return Requester(ip=request.client.host if request.client else '', user_agent=request.headers.get('user-agent', ''))


class AutomaticPaymentCard:
    def __init__(self, actor: PortalActor) -> None:
        self.actor = actor
        Heading(_('Automatic payment'), level=2)
        self.box = ui.card().classes('w-full gap-3').props('flat bordered').mark('automatic-payment')
        self.words = ''
        self.labels: dict[str, str] = {}

    async def show(self) -> None:
        state = (await run(my_automatic_payment(self.actor))).value
        if state is None:
            return
        self.box.clear()
        with self.box:
            self.message = alert()
            if state.consent is not None:
                self._on(state)
            else:
                await self._off(state)

    def _on(self, state: MyAutomaticPayment) -> None:
        consent = state.consent
        assert consent is not None
        if state.mine and consent.debit:
            text = _("Your company's invoices in euros are paid automatically by {account} on their due date, "
                     'since {date}.').format(account=consent.card_label, date=day(consent.granted_at))
        elif state.mine:
            text = _("Your company's invoices are paid automatically with your {card} on their due date, since "
                     '{date}.').format(card=consent.card_label, date=day(consent.granted_at))
        else:
            text = (_('{name} turned on automatic payment by {card} on {date}.') if consent.debit else
                    _('{name} turned on automatic payment with their {card} on {date}.')).format(
                name=consent.person_name, card=consent.card_label, date=day(consent.granted_at))
        ui.label(text).classes('font-medium').props('role=status')
        if consent.debit:
            ui.label(_('Only invoices in euros are debited from this account: invoices in other currencies are not '
                       'paid automatically.')).classes('text-sm text-grey-9').mark('automatic-euros-only')
        with ui.expansion(_('What was agreed')).classes('w-full text-sm').props('dense'):
            ui.label(consent.words).classes('text-sm text-grey-9')
        others = [card for card in state.cards if card.key != consent.key]
        if state.mine and others:
            with ui.row().classes('w-full items-center gap-2'):
                self.card = ui.select({card.key: card.label for card in others}, value=others[0].key,
                                      label=_('Pay with another card or bank account') if any(
                                          card.debit for card in others) else _('Pay with another card'),
                                      on_change=self._words_changed) \
                    .props('outlined dense options-dense').classes('w-full sm:w-72')
            self.agreement = ui.label().classes('text-sm text-grey-9')
            ui.button(_('Use this card'), on_click=self._turn_on).props('outline no-caps')
            ui.timer(0, self._words_changed, once=True)
        ui.button(_('Turn off automatic payment'), on_click=self._turn_off).props('outline no-caps color=negative')

    async def _off(self, state: MyAutomaticPayment) -> None:
        ui.label(_('Your invoices can be paid automatically on their due date with a card you saved. You get a '
                   'receipt by email each time, and you can turn it off here at any time.')) \
            .classes('text-sm text-grey-9')
        if not state.cards:
            ui.label(_('Save a card under Saved cards first.')).classes('text-sm')
            return
        self.labels = {card.key: card.label for card in state.cards}
        debits = any(card.debit for card in state.cards)
        self.card = ui.select(dict(self.labels), value=state.cards[0].key,
                              label=_('Card or bank account') if debits else _('Card'), on_change=self._words_changed) \
            .props('outlined dense options-dense').classes('w-full sm:w-72').mark('automatic-card')
        self.agreement = ui.label().classes('text-sm').mark('automatic-words')
        self.agree = ui.checkbox(_('I agree')).mark('automatic-agree')
        self.turn_on = ui.button(on_click=self._turn_on).props('unelevated no-caps').mark('automatic-on')
        await self._words_changed()

    async def _words_changed(self) -> None:
        words = (await run(words_for(self.actor, self.card.value), message=self.message)).value
        self.words = words or ''
        self.agreement.set_text(self.words)
        if hasattr(self, 'turn_on') and not self.turn_on.is_deleted:
            label = self.labels.get(self.card.value, '')
            self.turn_on.set_text(_('Pay invoices automatically with {card}').format(card=label))

    async def _turn_on(self) -> None:
        if hasattr(self, 'agree') and not self.agree.is_deleted and not self.agree.value:
            self.message.set_text(_('Tick "I agree" to turn on automatic payment.'))
            return
        outcome = await run(turn_on_automatic_payment(self.actor, self.card.value, self.words, _requester()),
                            inputs={'card': self.card}, message=self.message)
        if outcome.value is not None:
            ui.notify(_('Automatic payment is on with your {card}.').format(card=outcome.value.card_label),
                      type='positive')
            await self.show()

    async def _turn_off(self) -> None:
        if (await run(turn_off_automatic_payment(self.actor), message=self.message)).ok:
            ui.notify(_('Automatic payment is off.'), type='positive')
            await self.show()
