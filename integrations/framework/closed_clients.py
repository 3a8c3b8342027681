"""A closed page is freed by reference counting: what NiceGUI keeps of it in cycles is let go when it is deleted.

Each patch here wraps one NiceGUI method and adds a step after it; the steps are plain functions
(`drop_change_handlers`, `release_client`, `forget_tab`) that take what they need, in the shape NiceGUI could call
from its own `Client.remove_elements`, `Client.delete` and `Storage.close_tab`.
"""
from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from integrations.framework.contracts import Patch, put

if TYPE_CHECKING:
    from nicegui import Client
    from nicegui.storage import Storage


def drop_change_handlers(elements: Iterable[Any]) -> None:
    """Break the cycles of removed elements: each one's classes, style and props hold a bound method of
    themselves as their change handler; a removed element sends no updates anyway."""
    for element in elements:
        for collection in (element._classes, element._style, element._props):
            collection._change_handlers.clear()


def release_client(client: Client) -> None:
    """Break the cycles of a deleted client: its connect, disconnect, delete and exception handlers (closures and
    bound methods of things that hold the client), and its root elements' slots, which hold them. Nothing calls
    a deleted client's handlers again."""
    for handlers in (client.connect_handlers, client.disconnect_handlers, client.delete_handlers,
                     client._exception_handlers):
        handlers.clear()
    stack = [client.layout]
    while stack:
        element = stack.pop()
        for slot in element.slots.values():
            stack.extend(slot.children)
            slot.children.clear()
        element.slots.clear()


def forget_tab(storage: Storage, tab_id: str | None) -> None:
    """Drop a closed tab's storage kept in memory (NiceGUI drops only a persistent one)."""
    if tab_id is not None:
        storage._tabs.pop(tab_id, None)


def free_deleted_elements_promptly() -> None:
    """Wrap NiceGUI's `nicegui.client.Client.remove_elements`: then `drop_change_handlers` of the removed elements.

    Why: those three cycles per element outlive the element and, by the time a tab is closed, sit in the oldest
    generation where only a full collection (a walk over every open page) frees them.
    Gain: without it a page load leaves 1,103 objects for the cycle collector instead of 37, 714 of them for a full
    collection instead of 3 (the portal's dashboard; bench/instructions.py --without
    closed_clients.deleted_elements); no CPU gain.
    Written for NiceGUI 3.18.0.
    """
    from nicegui import Client
    if getattr(Client.remove_elements, 'breaks_cycles', False):
        return
    remove = Client.remove_elements

    def remove_elements(client: Client, elements: Iterable) -> None:
        elements = list(elements)
        remove(client, elements)
        drop_change_handlers(elements)
    put(Client, 'remove_elements', remove_elements, wraps=remove, breaks_cycles=True)


def release_deleted_pages() -> None:
    """Wrap NiceGUI's `nicegui.client.Client.delete`: then `release_client`.

    Why: left alone, every closed page leaves its client, outbox and request behind for a full collection to find
    (bench/load.py: some 480 objects a page).
    Gain: without it a page load leaves 330 objects for the cycle collector instead of 36, 296 of them for a full
    collection instead of 2 (the portal's dashboard; bench/instructions.py --without closed_clients.deleted_pages).
    Written for NiceGUI 3.18.0.
    """
    from nicegui import Client
    if getattr(Client.delete, 'releases', False):
        return
    delete = Client.delete

    def delete_and_release(client: Client) -> None:
        delete(client)
        release_client(client)
    put(Client, 'delete', delete_and_release, wraps=delete, releases=True)


def forget_closed_tabs() -> None:
    """Wrap NiceGUI's `nicegui.storage.Storage.close_tab`: then `forget_tab`.

    Why: NiceGUI gives every browser tab a storage dictionary; kept in memory (no Redis), it is never removed, so
    each tab ever opened leaves one behind, and those scattered survivors keep the memory of closed pages from
    going back to the system. The portal keeps nothing in tab storage (sessions are in the database).
    Gain: without it 10,000 tabs opened and closed keep 10,000 storages, some 580 bytes each, for the life of the
    process (tracemalloc); no CPU or garbage figure (bench/instructions.py --without closed_clients.closed_tabs).
    Written for NiceGUI 3.18.0.
    """
    from nicegui.storage import Storage
    if getattr(Storage.close_tab, 'forgets', False):
        return
    close = Storage.close_tab

    async def close_tab(storage: Storage, tab_id: str | None) -> None:
        await close(storage, tab_id)
        forget_tab(storage, tab_id)
    put(Storage, 'close_tab', close_tab, wraps=close, forgets=True)


PATCHES = (
    Patch('closed_clients.deleted_elements', 'NiceGUI nicegui.client.Client.remove_elements (wrapped)',
          'nicegui 3.18.0', install=free_deleted_elements_promptly, originals={
              'nicegui.client.Client.remove_elements': 'd056219068c946e12161b6546315a14cd00612fbd1ac8d66e9a968835d4d4713',
              'nicegui.element.Element.__init__': '195119f5d43e0bcbc4a9f584c4b9797d356f0e7f56fdefb5175e41d0d0d42a35',
              'nicegui.observables.ObservableCollection.__init__': 'ffc60c559135ead539491917d25dfa36350848d1ccf9ac4afea8670b8103e73c',
          }),
    Patch('closed_clients.deleted_pages', 'NiceGUI nicegui.client.Client.delete (wrapped)', 'nicegui 3.18.0',
          install=release_deleted_pages, originals={
              'nicegui.client.Client.delete': 'aa5e09ec2f35ea6cc464372df732093efec009086f6b5b2f9b85bb8148e6634e',
              'nicegui.client.Client.__init__': '02f87beaaff713112ec757b4b2cba705c44c1270f7c727ebeff49f253475dcb7',
          }),
    Patch('closed_clients.closed_tabs', 'NiceGUI nicegui.storage.Storage.close_tab (wrapped)', 'nicegui 3.18.0',
          install=forget_closed_tabs, originals={
              'nicegui.storage.Storage.close_tab': '8cda0a5a158b3a82d7b3e0c0c0080f06c63e15b6c294c2786afdb93a31c9a6dd',
              'nicegui.storage.Storage.__init__': '1768e26ce02c7d373ca30d8d33c324ae8004f68d3af5738f20a2c81db993456a',
          }),
)
