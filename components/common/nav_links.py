"""The side navigation of the frame as one element: the browser draws its links from plain data.

Built on every page, a link, an icon and a label per entry were a fifth of the frame's elements.
"""
from __future__ import annotations

from nicegui import ui


class NavLinks(ui.element, component='nav_links.js'):
    def __init__(self, items: list[tuple[str, str, str, bool]], *, label: str) -> None:
        """`items`: (text, icon, target, whether it is the current page)."""
        super().__init__()
        self.texts = [text for text, _icon, _target, _active in items]
        self._props['items'] = [{'t': text, 'i': icon, 'h': target, 'a': active}
                                for text, icon, target, active in items]
        self._props['label'] = label

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The link texts, so that tests with the simulated user can read them."""
        return list(self.texts)
