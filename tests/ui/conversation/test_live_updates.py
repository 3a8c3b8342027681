"""The live component every page uses: updates run in the page's own task, bursts fold together, an ended session
is handled quietly, and closed pages leave nothing behind, even after thousands of them."""
import asyncio
import gc
from collections import Counter

from nicegui import Client, ui
from nicegui.testing import User

from components.common import live
from components.common.live import SESSION_ENDED, Follower
from domain.conversation import comments
from domain.events import Event, bus, publish
from domain.models import Session
from tests import factories
from tests.ui.conftest import sign_in
from tests.ui.live_helpers import eventually


async def staff_with_invoice(user: User):
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('olivia@northwind.example', name='Olivia Owner')
    acme = await factories.contact('Acme Corporation')
    casey = await factories.person(acme, 'casey@acme.example', first_name='Casey', last_name='Client')
    invoice = await factories.invoice(acme, 10000)
    await sign_in(user, 'staff', 'olivia@northwind.example')
    return acme, casey, invoice


async def test_a_slow_page_holds_up_neither_the_publisher_nor_other_pages_and_a_burst_folds(user: User):
    await staff_with_invoice(user)
    await user.open('/staff/mail')
    release = asyncio.Event()
    slow_calls: list[list[str]] = []
    quick_calls: list[list[str]] = []

    async def slow(events: list[Event]) -> None:
        slow_calls.append([event.kind for event in events])
        await release.wait()

    def quick(events: list[Event]) -> None:
        quick_calls.append([event.kind for event in events])

    with user.client:
        live.follow(lambda event: event.kind.startswith('test.'), slow)
        live.follow(lambda event: event.kind.startswith('test.'), quick)
    await asyncio.wait_for(publish(Event('test.first')), timeout=0.5)  # returns while the slow page waits
    await eventually(lambda: bool(slow_calls and quick_calls))
    assert slow_calls == [['test.first']] and quick_calls == [['test.first']]

    await asyncio.wait_for(publish(*(Event(f'test.burst{n}') for n in range(5))), timeout=0.5)
    await publish(Event('other.kind'))  # not wanted: never handed to either page
    await eventually(lambda: len(quick_calls) == 2)
    assert quick_calls[1] == [f'test.burst{n}' for n in range(5)]  # published together, handled together
    assert len(slow_calls) == 1  # still busy with the first one
    release.set()
    await eventually(lambda: len(slow_calls) == 2)
    assert slow_calls == [['test.first'], [f'test.burst{n}' for n in range(5)]]  # the burst in one more update


async def test_when_the_session_ends_the_open_page_stays_as_it_is_and_says_so(user: User):
    _, casey, invoice = await staff_with_invoice(user)
    await user.open(f'/staff/invoices/{invoice.id}')
    user.find(marker='comment-box').type('A reply I am still writing')
    followers = bus.subscriber_count
    await Session.filter(staff__email='olivia@northwind.example').delete()  # signed out in another tab

    client = await factories.portal_actor(casey)
    await comments.post_comment(client, invoice.id, 'Any news?')
    await user.should_see(invoice.number)
    await eventually(lambda: user.notify.contains(SESSION_ENDED))
    await user.should_not_see('Any news?')  # nothing loaded without a session
    assert user.find(marker='comment-box').elements.pop().value == 'A reply I am still writing'
    assert bus.subscriber_count < followers  # the page no longer follows anything it cannot load
    # and no ERROR was logged: the user fixture fails the test otherwise


async def test_opening_and_closing_a_page_700_times_leaves_no_subscriber_and_no_growth(user: User):
    """The staff invoice page follows six things (bell, document, attachments, comments, reminders, automatic payment
    attempts); each ends with the page."""
    _, _, invoice = await staff_with_invoice(user)
    await user.open('/staff/mail')
    before = bus.subscriber_count
    clients_before = len(Client.instances)

    async def open_and_close(times: int) -> None:
        for _ in range(times):
            client = await user.open(f'/staff/invoices/{invoice.id}')
            assert bus.subscriber_count == before + 6
            client.delete()

    await open_and_close(100)  # warm up caches first
    await settle()
    objects, followers, clients = _census(), _count(Follower), _count(Client)
    await open_and_close(600)
    await settle()
    assert bus.subscriber_count == before
    assert len(Client.instances) == clients_before
    assert _count(Follower) <= followers
    assert _count(Client) <= clients
    grown = _census()
    grown.subtract(objects)
    assert grown.total() < 3_000  # one page left behind holds over 3,000 objects
    # and nothing is left behind once per page: that would grow one kind of object by 600
    assert [kind for kind, count in grown.items() if count >= 300] == []


async def settle() -> None:
    """Wait until NiceGUI's outbox loop of every closed page has ended (it holds its page until then), then collect
    what is left."""
    def only_open_pages_loop() -> bool:
        loops = {task.get_name() for task in asyncio.all_tasks() if task.get_name().startswith('outbox loop ')}
        return loops <= {f'outbox loop {client_id}' for client_id in Client.instances}
    await eventually(only_open_pages_loop, timeout=10)
    gc.collect()


def _census() -> Counter[str]:
    return Counter(f'{type(item).__module__}.{type(item).__qualname__}' for item in gc.get_objects())


def _count(kind: type) -> int:
    return sum(isinstance(item, kind) for item in gc.get_objects())


async def test_a_live_update_of_a_closed_page_is_skipped(user: User):
    _, casey, invoice = await staff_with_invoice(user)
    page = await user.open(f'/staff/invoices/{invoice.id}')
    with page:
        label = ui.label('still here')
    page.delete()
    client = await factories.portal_actor(casey)
    await comments.post_comment(client, invoice.id, 'Hello?')  # nothing to deliver to, and no error
    assert label.is_deleted
