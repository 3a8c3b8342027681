"""A filter drop-down of the portal's lists as one light element (see `filter_choice.js`)."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui
from nicegui.events import GenericEventArguments, handle_event


class FilterChoice(ui.element, component='filter_choice.js'):
    def __init__(self, label: str, options: dict[str, str], value: str, *,
                 on_choose: Callable[[str], Awaitable[None] | None]) -> None:
        """`options`: value -> text shown; a value the browser sends that is not among them is ignored."""
        super().__init__()
        self.options = options
        self.on_choose = on_choose
        self._props.update(label=label, value=value,
                           options=[{'label': text, 'value': key} for key, text in options.items()])
        self.on('choose', self._chosen)

    @property
    def value(self) -> str:
        return self._props['value']

    def _chosen(self, event: GenericEventArguments) -> Awaitable[None] | None:
        value = event.args
        if not isinstance(value, str) or value not in self.options or value == self.value:
            return None
        self._props['value'] = value
        return self.on_choose(value)  # NiceGUI awaits what it gives in the background, as for its own select

    def choose(self, text: str) -> None:
        """What picking the option `text` does, for tests with the simulated user (they run no JavaScript)."""
        value = next(key for key, shown in self.options.items() if shown == text)
        handle_event(self._chosen, GenericEventArguments(sender=self, client=self.client, args=value))

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [self._props['label'], self.options.get(self.value, '')]
