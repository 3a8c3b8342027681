"""Every patch into the internals of NiceGUI, python-engineio, Tortoise or Babel, and every read of their private
attributes, in one place: one module per purpose, each patch with the originals it relies on (`contracts.Patch`).

`install()` installs the patches, in this order, once per process (app.py calls it before `ui.run`); a second call
does nothing. tests/framework/test_library_contracts.py fails by a patch's name when the installed library's source
of one of its originals differs from the one it was written for. Read `contracts.py` first.

Patches (module: name, what it replaces):
- handler_signatures: handler_signatures, nicegui.helpers.expects_arguments (remembered per function)
- element_changes: element_changes, ObservableCollection._observe/_unobserve/_handle_change,
  Outbox.enqueue_update, binding._propagate (the bookkeeping of classes, style and props)
- default_props: default_props, nicegui.defaults.resolve_defaults (and the wrappers it made)
- element_collections: element_collections, Classes/Style/Props.__init__ (checked against NiceGUI's at install)
- refreshables: refreshables, refreshable.__call__ (a copy, with a lazy prune)
- closed_clients: closed_clients.deleted_elements, Client.remove_elements; closed_clients.deleted_pages,
  Client.delete; closed_clients.closed_tabs, Storage.close_tab (what a closed page keeps in cycles)
- websockets: websockets, engineio's asgi WebSocket.wait (a copy: None for a closed socket)
- page_data_escaping: page_data_escaping, nicegui.client.json (the page data escaped with str.replace)
- sub_pages: sub_pages, SubPagesRouter._can_resolve_full_path and SubPages.__init__
- engineio_requests: engineio_requests, engineio's asgi translate_request (a copy, no class per request)
- reading: reading, Client.__init__/handle_event/safe_invoke/handle_handshake and page.resolve_language
- plain_middlewares: plain_middlewares, NiceGUI's three BaseHTTPMiddlewares (rewritten as plain ASGI)
Reads, nothing installed:
- favicon: favicon, nicegui.favicon._char_to_svg and _svg_to_data_url (app.py's page icon)
- private_reads: web.server_error (NiceGUI's scope key nicegui_page_path), sql.models (Tortoise's
  Model._init_from_db), formats.translations (Babel's Translations._catalog, gettext.c2py)
"""
from __future__ import annotations

from integrations.framework import (
    closed_clients,
    default_props,
    element_changes,
    element_collections,
    engineio_requests,
    favicon,
    handler_signatures,
    page_data_escaping,
    plain_middlewares,
    private_reads,
    reading,
    refreshables,
    sub_pages,
    websockets,
)
from integrations.framework.contracts import Patch

PATCHES: tuple[Patch, ...] = (
    *handler_signatures.PATCHES,
    *element_changes.PATCHES,
    *default_props.PATCHES,
    *element_collections.PATCHES,
    *refreshables.PATCHES,
    *closed_clients.PATCHES,
    *websockets.PATCHES,
    *page_data_escaping.PATCHES,
    *sub_pages.PATCHES,
    *engineio_requests.PATCHES,
    *reading.PATCHES,
    *plain_middlewares.PATCHES,  # before ui.run adds NiceGUI's own
    *favicon.PATCHES,
    *private_reads.PATCHES,
)


def install() -> None:
    """Install every patch, in the order of `PATCHES` (each does nothing when it is in place already)."""
    for patch in PATCHES:
        if patch.install is not None:
            patch.install()
