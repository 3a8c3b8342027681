"""Page tests with NiceGUI's simulated user against app.py, each on its own migrated SQLite database."""
from __future__ import annotations

import asyncio
import shutil
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from nicegui import Client, app, ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from components.common.account_menu import AccountMenu
from components.portal.page import MoreMenu
from domain import formats
from domain.events import bus
from integrations.reading import reader_of
from tests import factories


@pytest.fixture(autouse=True)
def fresh_database(template_database: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    path = tmp_path / 'portal.sqlite3'
    shutil.copy(template_database, path)
    monkeypatch.setenv('DATABASE_URL', f'sqlite://{path}')
    lifespan = app.router.lifespan_context  # register_tortoise wraps it on every run of app.py
    yield
    app.router.lifespan_context = lifespan
    for client in list(Client.instances.values()):  # the simulation forgets its pages without closing them
        client.delete()
    assert bus.subscriber_count == 0, 'a closed page is still subscribed to domain events'


async def sign_in(user: User, side: str, email: str, password: str = factories.PASSWORD) -> None:
    """Sign in through the real sign-in page, as a person would."""
    await user.open(f'/{side}/login')
    user.find('Email').type(email)
    user.find('Password').type(password)
    click(user, 'Sign in')
    await user.should_not_see('Sign in', retries=20)


@contextmanager
def as_the_page_reads(user: User) -> Iterator[None]:
    """The simulated user calls handlers directly; in a browser `Client.handle_event` runs them under the page's
    reader (integrations/framework/reading.py), which this does for the events sent inside."""
    token = formats.enter(reader_of(user.client))
    try:
        yield
    finally:
        formats.leave(token)


def click(user: User, text: str) -> None:
    """Click the button labelled `text` (a heading with the same words is not a button).

    A document page's More menu opens in the browser; here its entries are picked with `choose`."""
    with user.client:
        if any(isinstance(menu, MoreMenu) and menu.props['label'] == text for menu in user.client.elements.values()):
            return
    user.find(kind=ui.button, content=text).click()


def choose(user: User, text: str) -> None:
    """Pick a menu entry. The click lands on the menu item around the text, as it does in a browser.

    The header's account menu and a document's More menu are drawn in the browser (tests/e2e click them there); here
    their entry does what a click would."""
    with user.client:
        menus = [menu for menu in user.client.elements.values()
                 if isinstance(menu, AccountMenu | MoreMenu) and text in menu._displayed_contents(only_visible=True)]
    if menus:
        with user.client:
            menus[0].choose(text)
        return
    sections = user.find(kind=ui.item_section, content=text).elements
    items = {section.parent_slot.parent for section in sections}  # type: ignore[union-attr]
    UserInteraction(user, {item for item in items if isinstance(item, ui.menu_item)}, None).click()


async def until(query: Callable[[], Awaitable[Any]], *, equals: Any, timeout: float = 3.0) -> None:
    """Wait until an awaited query gives `equals`, for effects that happen after a click."""
    deadline = asyncio.get_running_loop().time() + timeout
    while (value := await query()) != equals:
        assert asyncio.get_running_loop().time() < deadline, f'still {value!r}, expected {equals!r}'
        await asyncio.sleep(0.05)
