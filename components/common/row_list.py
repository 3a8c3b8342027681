"""A list of many rows as one element: the browser draws the rows from plain data.

A page of twenty invoices or fifty statement lines built from separate labels costs hundreds of elements to create,
send and mount; as data it is one element, so a long list costs little more than an empty page. Text is shown with
Vue's text interpolation, so user text can never become HTML.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass

from nicegui import json, ui


@dataclass(frozen=True)
class Link:
    text: str
    href: str


@dataclass(slots=True)  # not frozen: a frozen dataclass takes four times as long to make, and a page makes hundreds
class Cell:
    text: str = ''
    caption: str = ''  # shown on phones only, where there is no column header
    sub: tuple[str, ...] = ()  # smaller lines under the text
    classes: str = ''  # for the cell
    text_classes: str = ''
    chip: str = ''  # the colours of a status chip, which makes the text a chip
    more_chips: tuple[tuple[str, str], ...] = ()  # (text, colours) of chips after the first, e.g. two states
    links: tuple[Link, ...] = ()


@dataclass(frozen=True)
class Row:
    key: str
    cells: list[Cell]
    href: str = ''  # the whole row links here
    strong: bool = False


@dataclass(frozen=True)
class Column:
    label: str
    right: bool = False


def _cell(cell: Cell, shared: tuple[str, str]) -> dict:
    """The cell as the browser reads it, with only what it has; its classes only where they differ from the ones
    most cells in its column share (sent once for the list)."""
    data: dict[str, object] = {}
    if cell.text:
        data['t'] = cell.text
    if cell.caption:
        data['p'] = cell.caption
    if cell.chip:
        data['h'] = cell.chip
    if cell.classes != shared[0]:
        data['x'] = cell.classes
    if cell.text_classes != shared[1]:
        data['y'] = cell.text_classes
    if cell.sub:
        data['u'] = list(cell.sub)
    if cell.more_chips:
        data['g'] = [list(chip) for chip in cell.more_chips]
    if cell.links:
        data['l'] = [[link.text, link.href] for link in cell.links]
    return data


def _row(row: Row, shared: list[tuple[str, str]]) -> dict:
    data: dict = {'k': row.key} if row.key else {}
    if row.href:
        data['h'] = row.href
    if row.strong:
        data['s'] = True
    data['c'] = [_cell(cell, column) for cell, column in zip(row.cells, shared, strict=False)]  # a short row: its own cells
    return data


def _shared(rows: list[Row]) -> list[tuple[str, str]]:
    """Per column, the (cell classes, text classes) most of the rows have."""
    width = max((len(row.cells) for row in rows), default=0)
    return [Counter((row.cells[index].classes, row.cells[index].text_classes) for row in rows
                    if index < len(row.cells)).most_common(1)[0][0] for index in range(width)]


class RowList(ui.element, component='row_list.js'):
    def __init__(self, columns: list[Column], rows: list[Row], *, grid: str, label: str = '') -> None:
        """`grid` holds the grid-template classes of wide screens, e.g. 'sm:grid-cols-[1fr_8rem]'."""
        super().__init__()
        self.rows = rows
        self._props['columns'] = [{'label': column.label, 'right': column.right} for column in columns]
        shared = _shared(rows)
        self._props['rows'] = json.dumps({'s': shared, 'r': [_row(row, shared) for row in rows]})
        self._props['grid'] = grid
        self._props['label'] = label

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """Every text the rows show, so that tests with the simulated user can read them."""
        contents: list = []
        for row in self.rows:
            for cell in row.cells:
                contents.extend([cell.text, cell.caption, *cell.sub, *(chip[0] for chip in cell.more_chips),
                                 *(link.text for link in cell.links)])
        return contents
