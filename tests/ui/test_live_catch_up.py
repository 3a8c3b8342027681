"""When this process missed events (its listening connection to PostgreSQL dropped and came back), the transport
sends one catch-up event and every open page reloads what it shows, whatever it normally follows."""
import pytest
from nicegui.testing import User

from domain.conversation import comments
from domain.events import Event, EventKind, bus
from tests import factories
from tests.ui.conversation.test_live_updates import staff_with_invoice


async def nothing(*_events: Event) -> None:
    """Stands in for the events lost while the connection was down."""


async def test_after_missed_events_an_open_document_shows_the_comments_it_missed(user: User,
                                                                                 monkeypatch: pytest.MonkeyPatch):
    _, casey, invoice = await staff_with_invoice(user)
    await user.open(f'/staff/invoices/{invoice.id}')
    monkeypatch.setattr(comments, 'publish', nothing)
    await comments.post_comment(await factories.portal_actor(casey), invoice.id, 'Did you get my cheque?')
    await user.should_not_see('Did you get my cheque?')  # its event never arrived

    await bus.deliver(Event(EventKind.CATCH_UP))
    await user.should_see('Did you get my cheque?', retries=20)


async def test_after_missed_events_an_open_list_shows_what_is_new(user: User):
    acme, _, _ = await staff_with_invoice(user)
    await user.open('/staff/invoices')
    missed = await factories.invoice(acme, 4200)  # written by another process whose event was lost here
    await user.should_not_see(missed.number)

    await bus.deliver(Event(EventKind.CATCH_UP))
    await user.should_see(missed.number, retries=20)
