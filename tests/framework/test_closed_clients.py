"""What a closed page keeps in reference cycles is let go, so reference counting frees it."""
import gc
import weakref
from types import SimpleNamespace

from nicegui import Client, ui
from nicegui.page import page

from integrations.framework.closed_clients import drop_change_handlers, forget_tab, release_client


def built_page() -> Client:
    client = Client(page('/closed-clients-probe'))
    with client:
        with ui.column():
            ui.label('a label').classes('x').on('click', lambda: None)
    client.connect_handlers.append(lambda: client)
    client.delete_handlers.append(lambda: client)
    return client


def test_removed_elements_drop_the_handlers_that_hold_themselves():
    client = built_page()
    elements = list(client.elements.values())
    drop_change_handlers(elements)
    assert all(not collection._change_handlers for element in elements
               for collection in (element._classes, element._style, element._props))
    client.delete()


def test_a_deleted_client_released_is_freed_by_reference_counting():
    """The steps NiceGUI's Client.delete is followed by once patched: no collection has to find any of it."""
    client = built_page()
    elements = list(client.elements.values())
    parts = [weakref.ref(part) for element in elements for part in (element, element._classes, element._props)]
    gone_client = weakref.ref(client)
    gc.collect()
    gc.disable()
    try:
        client.delete()
        drop_change_handlers(elements)
        release_client(client)
        assert (client.connect_handlers, client.delete_handlers, client.layout.slots) == ([], [], {})
        del client, elements
        assert gone_client() is None
        assert [part for part in parts if part() is not None] == []
    finally:
        gc.enable()


def test_a_closed_tab_s_storage_is_forgotten_and_an_unknown_tab_is_no_error():
    storage = SimpleNamespace(_tabs={'open': {}, 'closed': {}})
    forget_tab(storage, 'closed')  # type: ignore[arg-type]
    forget_tab(storage, 'never-seen')  # type: ignore[arg-type]
    forget_tab(storage, None)  # type: ignore[arg-type]
    assert list(storage._tabs) == ['open']
