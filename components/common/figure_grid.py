"""Labelled figures in a grid (an account summary, an ageing table) as one element, like `RowList` for rows."""
from __future__ import annotations

from nicegui import ui


class FigureGrid(ui.element, component='figure_grid.js'):
    def __init__(self, figures: list[tuple[str, str, bool]], *, grid: str) -> None:
        """`figures` are (caption, value, strong); `grid` the column classes, e.g. 'grid-cols-2 sm:grid-cols-4'."""
        super().__init__()
        self.figures = figures
        self._props['figures'] = [list(figure) for figure in figures]
        self._props['grid'] = grid

    def _displayed_contents(self, *, only_visible: bool) -> list:
        return [text for caption, value, _ in self.figures for text in (caption, value)]
