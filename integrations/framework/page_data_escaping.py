"""The elements' data NiceGUI writes into each page's HTML is escaped with five `str.replace` calls."""
from __future__ import annotations

from typing import Any

from integrations.framework.contracts import Patch, put


def escape_html_data(text: str) -> str:
    """What `text.translate(nicegui.client.HTML_ESCAPE_TABLE)` gives, at C speed.

    Self-contained, in the shape NiceGUI could use in `Client.build_response` in place of `str.translate`.
    """
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('`', '&#96;') \
        .replace('$', '&#36;')


def escape_page_data_quickly() -> None:
    """Replace the `json` module NiceGUI's `nicegui.client` uses with one whose `dumps` text escapes quickly.

    Why: `Client.build_response` escapes the page's element data with `json.dumps(...).translate(HTML_ESCAPE_TABLE)`,
    a table of multi-character replacements that CPython applies character by character in Python objects. Here
    `dumps` returns a `str` whose `translate` with that one table is `escape_html_data`; any other table is
    translated as `str` does. The result is the same text (tests/framework/test_page_data_escaping.py and
    tests/ui/test_page_cost.py compare them).
    Gain: without it a portal page load costs 25% more instructions (25.02 M a portal page with it, 31.25 M
    without; bench/instructions.py --without page_data_escaping).
    Written for NiceGUI 3.18.0.
    """
    from nicegui import client as client_module
    if isinstance(client_module.json, QuickJson):
        return
    put(client_module, 'json', QuickJson(client_module.json))


class PageData(str):
    """Text from `json.dumps` whose `translate` with NiceGUI's HTML escape table is `escape_html_data`."""

    __slots__ = ()

    def translate(self, table: dict) -> str:  # type: ignore[override]  # str.translate takes any mapping; only a dict comes here
        from nicegui.client import HTML_ESCAPE_TABLE
        if table is not HTML_ESCAPE_TABLE:
            return str.translate(self, table)
        return escape_html_data(self)


class QuickJson:
    """A json module (NiceGUI's, for `nicegui.client`) whose `dumps` gives `PageData`."""

    def __init__(self, module: Any) -> None:
        self._module = module

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)

    def dumps(self, *args: object, **kwargs: object) -> str:
        return PageData(self._module.dumps(*args, **kwargs))


PATCHES = (
    Patch('page_data_escaping', 'NiceGUI nicegui.client.json (the module Client.build_response dumps the page data '
          'with, then escapes by HTML_ESCAPE_TABLE)', 'nicegui 3.18.0', install=escape_page_data_quickly, originals={
              'nicegui.client.Client.build_response': 'bc00a02af73038fa2c0a95ed9e5bb14efc910ee0b139a196acf63f81171c0238',
              'nicegui.client.HTML_ESCAPE_TABLE': 'fa32c0c55d307495000391a539e3244afe457d5222a137feeee7a7c6e58feb65',
          }),
)
