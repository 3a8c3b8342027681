"""Small pieces the portal pages share: the not-found answer, a back link, a menu of more actions, a figure."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import GenericEventArguments, handle_event

from components.common.heading import Heading
from domain.formats import N_, _

NOT_FOUND = N_('We could not find that page')


def not_found(back: str, back_label: str) -> None:
    """The same answer for a missing id and for someone else's: nothing tells the two apart."""
    ui.status_code(404)
    with ui.card().classes('w-full gap-3').props('flat bordered'):
        Heading(_(NOT_FOUND), level=2)
        ui.label(_('The link may be mistyped, or the document is no longer available to you. '
                   'If you think it should be here, please contact the business.')).classes('text-grey-9')
        ui.link(back_label, back).classes('text-primary font-medium')


def back_link(target: str, text: str) -> None:
    with ui.link(target=target).classes('row items-center gap-1 text-primary no-underline text-sm'):
        ui.icon('arrow_back').props('aria-hidden=true')
        ui.label(text)


MenuItem = tuple[str, str, Callable[[], Awaitable[None] | None] | str]


def more_menu(items: list[MenuItem]) -> None:
    """A "More" button with a menu of (label, icon, action); nothing is shown without items.

    An action that is a string is a link, opened in a new tab (Print opens the PDF that way).
    """
    if items:
        MoreMenu(items)


class MoreMenu(ui.element, component='more_menu.js'):
    """The menu as one element (see `more_menu.js`)."""

    def __init__(self, items: list[MenuItem]) -> None:
        super().__init__()
        self.items = items
        self._props.update(label=_('More'), items=[
            {'t': text, 'i': icon, 'h': action, 'a': _('{action} (opens in a new tab)').format(action=text)}
            if isinstance(action, str) else {'t': text, 'i': icon} for text, icon, action in items])
        self.on('pick', self._picked)

    async def _picked(self, event: GenericEventArguments) -> None:
        index = event.args
        if not isinstance(index, int) or not 0 <= index < len(self.items):
            return
        action = self.items[index][2]
        if not isinstance(action, str):
            result = action()
            if isinstance(result, Awaitable):
                await result

    def choose(self, text: str) -> None:
        """What a click on the entry `text` does, for tests with the simulated user (they run no JavaScript)."""
        index = next(index for index, (entry, _icon, _action) in enumerate(self.items) if entry == text)
        handle_event(self._picked, GenericEventArguments(sender=self, client=self.client, args=index))

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props['label'], *(text for text, _icon, _action in self.items)]


def figure(name: str, value: str, *, strong: bool = False) -> None:
    """A labelled figure: small caption above, value below."""
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        ui.label(value).classes('text-lg font-semibold' if strong else 'font-medium')

