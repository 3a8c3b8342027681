"""A tile of the portal's dashboard as one element (see `tile.js`)."""
from __future__ import annotations

from nicegui import ui

# the looks a line of text or a link may take (tile.js puts them in its class attribute)
CAPTION, DETAIL, GOOD, STRONG_LINK, SMALL_LINK = (
    'text-sm text-grey-8', 'text-sm text-grey-9', 'text-green-10', 'text-primary font-medium',
    'text-primary text-sm mt-auto')


class Tile(ui.element, component='tile.js'):
    """A heading with its icon, then lines added in order; `with tile:` adds the server's elements after them."""

    def __init__(self, title: str, icon: str) -> None:
        super().__init__()
        self._props.update(title=title, icon=icon, lines=[])

    def _add(self, **line: object) -> Tile:
        self._props['lines'].append(line)
        return self

    def figure(self, text: str) -> Tile:
        """The tile's large amount or count."""
        return self._add(k='figure', t=text)

    def text(self, text: str, look: str = CAPTION) -> Tile:
        return self._add(k='text', t=text, c=look)

    def link(self, text: str, target: str, look: str = STRONG_LINK) -> Tile:
        return self._add(k='link', t=text, h=target, c=look)

    def warning(self, text: str, target: str) -> Tile:
        """A link in red after a warning sign."""
        return self._add(k='warning', t=text, h=target)

    def links(self, lead: str, links: list[tuple[str, str]]) -> Tile:
        """A short text followed by links, (text, target) each, on one line."""
        return self._add(k='links', t=lead, l=[list(link) for link in links])

    def count(self, number: str, text: str, target: str, label: str) -> Tile:
        """A large number and a word after it, together one link named `label`."""
        return self._add(k='count', n=number, t=text, h=target, a=label)

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The texts the tile shows, so that tests with the simulated user can read them."""
        texts = [self._props['title']]
        for line in self._props['lines']:
            texts += [str(line[key]) for key in ('n', 't') if key in line]
            texts += [link[0] for link in line.get('l', [])]
        return texts
