"""A NiceGUI page's events, connect handlers and live updates run under the reader its request had.

The middleware decides the reader of a request (`integrations/reading.py`). A NiceGUI page lives on after its
request: its events arrive over the websocket in tasks of their own, where that `ContextVar` is unset. So each
`Client` remembers the reader it was built for, and its events, connect handlers and live updates run under it
(`formats.enter`). Quasar's texts and the page's `lang` follow the same reader.
"""
from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from domain import formats
from integrations.framework.contracts import Patch, put
from integrations.reading import reader_of


def carry_reader_into_pages() -> None:
    """Wrap NiceGUI's `nicegui.client.Client.__init__` (remember the reader), `Client.handle_event`,
    `Client.safe_invoke` and `Client.handle_handshake` (run under it), and replace `nicegui.page.page.resolve_language`
    (the reader's Quasar language instead of the one configured for the app or the page).

    Each wrapper only sets and resets the `ContextVar` around the original.
    Why: without it a page's events would be read in English and UTC, whatever its reader.
    Gain: not a speed patch (it makes languages work on live pages); not measured.
    Written for NiceGUI 3.18.0.
    """
    from nicegui import Client
    from nicegui.page import page as Page
    if getattr(Client, '_carries_reader', False):
        return
    put(Client, '_carries_reader', True)
    original_init = Client.__init__

    @wraps(original_init)
    def __init__(self: Client, *args: Any, **kwargs: Any) -> None:
        original_init(self, *args, **kwargs)
        vars(self)['reader'] = formats.reader()

    put(Client, '__init__', __init__)
    put(Client, 'handle_event', _under_reader(Client.handle_event))
    put(Client, 'safe_invoke', _under_reader(Client.safe_invoke))
    original_handshake = Client.handle_handshake

    @wraps(original_handshake)
    async def handle_handshake(self: Client, *args: Any, **kwargs: Any) -> None:
        token = formats.enter(reader_of(self))
        try:
            await original_handshake(self, *args, **kwargs)
        finally:
            formats.leave(token)

    put(Client, 'handle_handshake', handle_handshake)

    def resolve_language(self: Page) -> str:
        return formats.QUASAR[formats.current_language()]
    put(Page, 'resolve_language', resolve_language, wraps=Page.resolve_language)


def _under_reader(method: Callable[..., Any]) -> Callable[..., Any]:
    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> Any:
        token = formats.enter(reader_of(self))
        try:
            return method(self, *args, **kwargs)
        finally:
            formats.leave(token)
    return wrapper


PATCHES = (
    Patch('reading', 'NiceGUI nicegui.client.Client.__init__, handle_event, safe_invoke, handle_handshake (wrapped) '
          'and nicegui.page.page.resolve_language (replaced)', 'nicegui 3.18.0', install=carry_reader_into_pages,
          originals={
              'nicegui.client.Client.__init__': '02f87beaaff713112ec757b4b2cba705c44c1270f7c727ebeff49f253475dcb7',
              'nicegui.client.Client.handle_event': 'c7a6810da3269c066194bcc1e03b7e84e6efdd04e434e05050dc74609daf6e3b',
              'nicegui.client.Client.safe_invoke': 'a1f6c16f529ef600e6c5de2968628da9402654344ffcaa63f62aaf840b3261ee',
              'nicegui.client.Client.handle_handshake': '12cd17eb0269ea29d779bcba2c02a4a82b3e467c349fc6185fc1b2e4a09b40c5',
              'nicegui.page.page.resolve_language': '32eeaa061ed85b82217a3f27e489499f74116ac651ba4852377f6492ff85b0e0',
          }),
)
