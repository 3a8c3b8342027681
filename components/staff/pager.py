"""Paging for server-side paginated staff lists: previous / next with a count, or numbered page links."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.formats import _


def pager(page: int, pages: int, total: int, counted: str | tuple[str, str],
          go: Callable[[int], Awaitable[None] | None]) -> None:
    """`counted` is the total with its noun, already translated: `ngettext('{count} contact', ...)`. (A pair of
    English nouns, e.g. ('email', 'emails'), still works but stays English.) Nothing is shown for an empty list."""
    if total == 0:
        return
    if isinstance(counted, tuple):
        counted = f'{total} {counted[0] if total == 1 else counted[1]}'
    with ui.row().classes('w-full items-center justify-between gap-2'):
        ui.label(_('{items} · page {page} of {pages}').format(items=counted, page=page, pages=pages)) \
            .classes('text-sm text-grey-8').props('aria-live=polite')
        with ui.row().classes('gap-2'):
            ui.button(_('Previous'), icon='chevron_left', on_click=lambda: go(page - 1)) \
                .props('outline dense no-caps').classes('px-2').set_enabled(page > 1)
            ui.button(_('Next'), on_click=lambda: go(page + 1)) \
                .props('outline dense no-caps icon-right=chevron_right').classes('px-2').set_enabled(page < pages)


def page_links(page: int, pages: int, go: Callable[[int], Awaitable[None] | None]) -> None:
    """Numbered page links for long lists (documents, payments), where jumping ahead matters."""
    if pages > 1:
        links = ui.pagination(1, pages, direction_links=True, value=page, on_change=lambda e: go(e.value or 1)) \
            .props('max-pages=5 boundary-numbers ellipses').classes('self-center')
        links.props['aria-label'] = _('Pages')
