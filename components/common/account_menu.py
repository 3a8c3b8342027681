"""The account button of the frame's header and its menu as one element (see `account_menu.js`)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import GenericEventArguments, handle_event

Action = Callable[[], Awaitable[object] | object]


class AccountMenu(ui.element, component='account_menu.js'):
    def __init__(self, *, label: str, name: str, email: str, links: list[tuple[str, str]],
                 actions: list[tuple[str, Action]]) -> None:
        """`links`: (text, page) of the profile pages; `actions`: (text, handler), the last one after a line."""
        super().__init__()
        self.links = links
        self.actions = actions
        self._props.update(label=label, name=name, email=email, links=[list(link) for link in links],
                           actions=[text for text, _action in actions])
        self.on('pick', self._picked)

    async def _picked(self, event: GenericEventArguments) -> None:
        index = event.args
        if isinstance(index, int) and 0 <= index < len(self.actions):
            result = self.actions[index][1]()
            if isinstance(result, Awaitable):
                await result

    def choose(self, text: str) -> None:
        """What a click on the entry `text` does, for tests with the simulated user (they run no JavaScript)."""
        for link_text, target in self.links:
            if link_text == text:
                ui.navigate.to(target)
                return
        for index, (action_text, _action) in enumerate(self.actions):
            if action_text == text:
                handle_event(self._picked, GenericEventArguments(sender=self, client=self.client, args=index))
                return
        raise KeyError(text)

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props['name'], self._props['email'], *(text for text, _ in self.links),
                *(text for text, _ in self.actions)]
