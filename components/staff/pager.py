"""Paging for server-side paginated staff lists: previous / next with a count, or numbered page links."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui


def pager(page: int, pages: int, total: int, nouns: tuple[str, str],
          go: Callable[[int], Awaitable[None] | None]) -> None:
    """`nouns` name one and several items, e.g. ('contact', 'contacts'). Nothing is shown for an empty list."""
    if total == 0:
        return
    with ui.row().classes('w-full items-center justify-between gap-2'):
        ui.label(f'{total} {nouns[0] if total == 1 else nouns[1]} · page {page} of {pages}').classes('text-sm text-grey-8').props('aria-live=polite')
        with ui.row().classes('gap-2'):
            ui.button('Previous', icon='chevron_left', on_click=lambda: go(page - 1)) \
                .props('outline dense no-caps').classes('px-2').set_enabled(page > 1)
            ui.button('Next', on_click=lambda: go(page + 1)) \
                .props('outline dense no-caps icon-right=chevron_right').classes('px-2').set_enabled(page < pages)


def page_links(page: int, pages: int, go: Callable[[int], Awaitable[None] | None]) -> None:
    """Numbered page links for long lists (documents, payments), where jumping ahead matters."""
    if pages > 1:
        ui.pagination(1, pages, direction_links=True, value=page, on_change=lambda e: go(e.value or 1)) \
            .props('max-pages=5 boundary-numbers ellipses aria-label="Pages"').classes('self-center')
