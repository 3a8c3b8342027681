"""The visually hidden table beside a chart, as one element: the browser draws it from plain data.

Built from elements, a cell and its label each, the table of a five-age chart cost some fifty elements per page.
Every text is interpolated by Vue as text, never as HTML.
"""
from __future__ import annotations

from collections.abc import Sequence

from nicegui import ui


class TextTable(ui.element, component='text_table.js'):
    def __init__(self, caption: str, headers: Sequence[str], rows: Sequence[Sequence[str]]) -> None:
        """Column `headers` and `rows` of texts; the first cell of each row is its header."""
        super().__init__()
        self.texts = [caption, *headers, *(cell for row in rows for cell in row)]
        self._props['caption'] = caption
        self._props['headers'] = list(headers)
        self._props['rows'] = [list(row) for row in rows]

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The texts, so that tests with the simulated user can read them."""
        return list(self.texts)
