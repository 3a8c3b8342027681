"""A page's events and connect handlers run under the reader of the request that built it, and its language is
the reader's."""
from nicegui import Client, ui
from nicegui.page import page

from domain import formats
from integrations.framework.reading import carry_reader_into_pages


def test_a_page_s_events_and_handlers_read_as_its_request_did():
    carry_reader_into_pages()
    with formats.reading('de'):
        client = Client(page('/reading-probe'))
        with client:
            button = ui.button('Los', on_click=lambda: heard.append(formats.current_language()))
    heard: list[str] = []
    try:
        assert formats.current_language() == 'en'  # outside the request, as in a websocket task
        listener_id = next(iter(button._event_listeners))
        client.handle_event({'id': button.id, 'listener_id': listener_id, 'args': []})
        client.safe_invoke(lambda: heard.append(formats.current_language()))
        assert heard == ['de', 'de']
        assert client.page.resolve_language() == 'en-US'  # outside: the current reader's
        with formats.reading('fr'):
            assert client.page.resolve_language() == 'fr'
    finally:
        client.delete()
