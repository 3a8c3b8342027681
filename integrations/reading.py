"""Who reads a page, carried from the request that built it to everything the page does later.

The middleware decides the reader of a request (`reader_for`): the signed-in person's language, or on a public
page the browser's `Accept-Language`, with the business's time zone. A NiceGUI page lives on after its request:
its events arrive over the websocket in tasks of their own, where that `ContextVar` is unset. So each `Client`
remembers the reader it was built for, and its events, connect handlers and live updates run under it
(`formats.enter`). Quasar's texts and the page's `lang` follow the same reader.

This patches three NiceGUI methods; each wrapper only sets and resets the `ContextVar` around the original.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from nicegui import Client
from nicegui.page import page as Page

from domain import formats
from domain.actors import Actor
from domain.business import profile


async def reader_for(actor: Actor | None, accept_language: str | None) -> formats.Reader:
    """The signed-in person's language and the business's zone; before sign-in, the browser's language (the public
    pages show no times, so they read no zone)."""
    if actor is None:
        return formats.Reader(language=formats.best_language(accept_language))
    return formats.Reader(language=formats.language_code(actor.language), zone=await profile.timezone())


def reader_of(client: Client) -> formats.Reader:
    return getattr(client, 'reader', None) or formats.Reader()


def carry_reader_into_pages() -> None:
    if getattr(Client, '_carries_reader', False):
        return
    Client._carries_reader = True  # type: ignore[attr-defined]
    original_init = Client.__init__

    @wraps(original_init)
    def __init__(self: Client, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        self.reader = formats.reader()  # type: ignore[attr-defined]

    Client.__init__ = __init__  # type: ignore[method-assign]
    Client.handle_event = _under_reader(Client.handle_event)  # type: ignore[method-assign]
    Client.safe_invoke = _under_reader(Client.safe_invoke)  # type: ignore[method-assign]
    original_handshake = Client.handle_handshake

    @wraps(original_handshake)
    async def handle_handshake(self: Client, *args: Any, **kwargs: Any) -> None:
        token = formats.enter(reader_of(self))
        try:
            await original_handshake(self, *args, **kwargs)
        finally:
            formats.leave(token)

    Client.handle_handshake = handle_handshake  # type: ignore[method-assign]
    Page.resolve_language = lambda self: formats.QUASAR[formats.current_language()]  # type: ignore[method-assign]


def _under_reader(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def wrapper(self: Client, *args: Any, **kwargs: Any) -> Any:
        token = formats.enter(reader_of(self))
        try:
            return method(self, *args, **kwargs)
        finally:
            formats.leave(token)
    return wrapper
