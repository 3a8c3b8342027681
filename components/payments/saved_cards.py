"""My Account's saved cards: each with brand, last 4 digits and expiry, "Make default", "Remove", and "Add card"."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common.dialogs import confirm
from components.common.forms import alert, clear_errors, run
from components.common.heading import Heading
from components.payments.card_form import NewCardForm
from domain.actors import PortalActor
from domain.formats import _
from domain.payments.saved_cards import (
    CardView,
    card_form,
    finish_adding_card,
    make_default,
    my_cards,
    remove_card,
    start_adding_card,
)


class SavedCards:
    def __init__(self, actor: PortalActor, on_change: Callable[[], Awaitable[None]] | None = None) -> None:
        self.actor = actor
        self.on_change = on_change  # after a card was added or removed (automatic payment offers the cards)
        with ui.row().classes('w-full items-center justify-between gap-2'):
            Heading(_('Saved cards'), level=2)
            ui.button(_('Add card'), icon='add_card', on_click=self.add).props('outline no-caps')
        self.message = alert()
        self.box = ui.card().classes('w-full gap-0 p-0').props('flat bordered')

    async def show(self) -> None:
        cards = (await run(my_cards(self.actor), message=self.message)).value
        if cards is None:
            return
        self.box.clear()
        with self.box:
            if not cards:
                ui.label(_('You have no saved cards. Tick "Save this card" when you pay, or add one here.')) \
                    .classes('text-grey-9 p-4')
            for card in cards:
                if card.expiring:
                    ui.label(_('Your {card} expires at the end of {expiry}. Add your new card with "Add card" to '
                               'keep paying with it.').format(card=card.label, expiry=card.expiry)) \
                        .classes('w-full p-4 bg-amber-1 text-amber-10 font-medium').props('role=status') \
                        .mark('card-expiring')
            with ui.element('ul').classes('w-full list-none m-0 p-0') as card_list:
                card_list.props['aria-label'] = _('Saved cards')
                for card in cards:
                    self._card(card)

    def _card(self, card: CardView) -> None:
        with ui.element('li').classes('w-full border-t first:border-t-0 px-4 py-3'), \
                ui.row().classes('w-full items-center justify-between gap-2'):
            with ui.row().classes('items-center gap-3 no-wrap min-w-0'):
                ui.icon('credit_card', size='1.5rem').classes('text-grey-8').props('aria-hidden=true')
                with ui.column().classes('gap-0 min-w-0'):
                    ui.label(card.label).classes('font-medium')
                    ui.label((_('Expired {expiry}') if card.expired else _('Expires {expiry}'))
                             .format(expiry=card.expiry)) \
                        .classes('text-sm ' + ('text-red-10' if card.expired else 'text-grey-8'))
            with ui.row().classes('items-center gap-2'):
                if card.is_default:
                    ui.label(_('Default')).classes('rounded px-2 py-0.5 text-xs font-medium uppercase bg-blue-1 '
                                                'text-blue-10')
                elif not card.expired:
                    ui.button(_('Make default'), on_click=lambda c=card: self.make_default(c)) \
                        .props('flat no-caps').props['aria-label'] = \
                        _('Make {card} the default card').format(card=card.label)
                ui.button(_('Remove'), on_click=lambda c=card: self.remove(c)) \
                    .props('flat no-caps color=negative').props['aria-label'] = \
                    _('Remove {card}').format(card=card.label)

    async def make_default(self, card: CardView) -> None:
        if (await run(make_default(self.actor, card.id), message=self.message,
                      success=_('{card} is now your default card.').format(card=card.label))).ok:
            await self.show()

    async def remove(self, card: CardView) -> None:
        if not await confirm(_('Remove {card}?').format(card=card.label),
                             _('It can no longer be used to pay, here or anywhere in the portal. You can add it '
                               'again later.'), yes=_('Remove card'), danger=True):
            return
        await run(remove_card(self.actor, card.id), message=self.message,
                  success=_('{card} removed.').format(card=card.label))
        await self.show()
        if self.on_change is not None:
            await self.on_change()

    async def add(self) -> None:
        form_settings = (await run(card_form(self.actor), message=self.message)).value
        if form_settings is None:
            return
        with ui.context.client.content:
            dialog = AddCardDialog(self.actor, *form_settings)
        added = await dialog
        if not dialog.is_deleted:
            dialog.delete()
        if added:
            ui.notify(_('{card} saved.').format(card=added.label), type='positive')
            await self.show()
            if self.on_change is not None:
                await self.on_change()


class AddCardDialog(ui.dialog):
    """Awaiting it gives the saved card, or None."""

    def __init__(self, actor: PortalActor, publishable_key: str, script_url: str) -> None:
        super().__init__()
        self.actor = actor
        self.props['aria-label'] = _('Add a card')
        with self, ui.card().classes('w-full max-w-lg gap-3'):
            Heading(_('Add a card'), level=2)
            ui.label(_('The card is saved with our card processor for your future payments; nothing is charged '
                       'now.')).classes('text-sm text-grey-9')
            self.form = NewCardForm(actor, publishable_key, script_url, offer_saving=False)
            self.form.on_unavailable(self._unavailable)
            self.message = alert()
            with ui.row().classes('w-full justify-end gap-2'):
                self.cancel = ui.button(_('Cancel'), on_click=lambda: self.submit(None)).props('flat no-caps')
                self.save = ui.button(_('Save card'), on_click=self.save_card).props('unelevated no-caps')

    def _unavailable(self) -> None:
        self.message.set_text(
            _('Cards cannot be added right now: the card form could not be loaded. Please try again later.'))

    async def save_card(self) -> None:
        clear_errors(self.form.inputs, self.message)
        if not self.form.check():
            return
        self.save.props('loading')
        self.save.disable()
        self.cancel.disable()
        self.props('persistent')
        try:
            card = (await run(self._added(), message=self.message)).value
        finally:
            self.save.props(remove='loading')
            self.save.enable()
            self.cancel.enable()
            self.props(remove='persistent')
        if card is not None:
            self.submit(card)

    async def _added(self) -> CardView | None:
        """The card, once the processor has confirmed it; None when it refused (said in the message)."""
        setup = await start_adding_card(self.actor)
        answer = await self.form.confirm(setup.client_secret)
        if answer.get('error') or not answer.get('setup_intent'):
            self.message.set_text(answer.get('error') or _('The card could not be saved.'))
            return None
        return await finish_adding_card(self.actor, answer['setup_intent'])
