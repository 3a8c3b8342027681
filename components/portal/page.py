"""Small pieces the portal pages share: the not-found answer, a back link, a menu of more actions, error handling."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from nicegui import ui

from components.common.heading import Heading
from domain.errors import DomainError, Invalid, SessionEnded
from domain.formats import N_, _

T = TypeVar('T')

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
    if not items:
        return
    with ui.button(_('More')).props('outline no-caps icon-right=expand_more aria-haspopup=menu'):
        with ui.menu().props('auto-close'):
            for text, icon, action in items:
                if isinstance(action, str):
                    item = ui.menu_item().props('target=_blank')
                    item.props['href'] = action
                    item.props['aria-label'] = _('{action} (opens in a new tab)').format(action=text)
                else:
                    item = ui.menu_item(on_click=action)
                with item.props('role=menuitem'):
                    with ui.item_section().props('avatar'):
                        ui.icon(icon).props('aria-hidden=true')
                    ui.item_section(text)


async def attempt(call: Awaitable[T], *, fallback: ui.label | None = None) -> T | None:
    """Run a use case from a click: an ended session goes to sign-in, other domain errors become a message.

    Invalid is left to the caller, which shows it next to the fields.
    """
    try:
        return await call
    except Invalid:
        raise
    except SessionEnded:
        ui.navigate.to('/portal/login')
    except DomainError as error:
        if fallback is not None:
            fallback.set_text(error.message)
        else:
            ui.notify(error.message, type='negative', multi_line=True)
    return None


def figure(name: str, value: str, *, strong: bool = False) -> None:
    """A labelled figure: small caption above, value below."""
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        ui.label(value).classes('text-lg font-semibold' if strong else 'font-medium')

