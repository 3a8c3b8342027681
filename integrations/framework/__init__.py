"""Every patch into the internals of NiceGUI or python-engineio, and every read of a library's private attributes
(Tortoise's), in one place: one module per purpose, each patch with the originals it relies on (`contracts.Patch`).
A patch stays while it pays: `bench/instructions.py --without NAME` counts a page load without it (a speed patch
worth under about 2% of a portal page's instructions goes; one for memory by the garbage a closed page leaves).

`install()` installs the patches, in this order, once per process (app.py calls it before `ui.run`); a second call
does nothing. tests/framework/test_library_contracts.py fails by a patch's name when the installed library's source
of one of its originals differs from the one it was written for. Read `contracts.py` first.

Patches (module: name, what it replaces):
- element_changes: element_changes, ObservableCollection._observe/_unobserve/_handle_change,
  Outbox.enqueue_update, binding._propagate (the bookkeeping of classes, style and props)
- element_collections: element_collections, Classes/Style/Props.__init__ (checked against NiceGUI's at install)
- closed_clients: closed_clients.deleted_elements, Client.remove_elements; closed_clients.deleted_pages,
  Client.delete; closed_clients.closed_tabs, Storage.close_tab (what a closed page keeps in cycles)
- websockets: websockets, engineio's asgi WebSocket.wait (a copy: None for a closed socket)
- page_data_escaping: page_data_escaping, nicegui.client.json (the page data escaped with str.replace)
- engineio_requests: engineio_requests, engineio's asgi translate_request (a copy, no class per request)
- reading: reading, Client.__init__/handle_event/safe_invoke/handle_handshake and page.resolve_language
- plain_middlewares: plain_middlewares, NiceGUI's three BaseHTTPMiddlewares (rewritten as plain ASGI)
Reads, nothing installed:
- private_reads: sql.models (Tortoise's Model._init_from_db)
"""
from __future__ import annotations

from integrations.framework import (
    closed_clients,
    element_changes,
    element_collections,
    engineio_requests,
    page_data_escaping,
    plain_middlewares,
    private_reads,
    reading,
    websockets,
)
from integrations.framework.contracts import Patch

PATCHES: tuple[Patch, ...] = (
    *element_changes.PATCHES,
    *element_collections.PATCHES,
    *closed_clients.PATCHES,
    *websockets.PATCHES,
    *page_data_escaping.PATCHES,
    *engineio_requests.PATCHES,
    *reading.PATCHES,
    *plain_middlewares.PATCHES,  # before ui.run adds NiceGUI's own
    *private_reads.PATCHES,
)


def install() -> None:
    """Install every patch, in the order of `PATCHES` (each does nothing when it is in place already)."""
    for patch in PATCHES:
        if patch.install is not None:
            patch.install()
