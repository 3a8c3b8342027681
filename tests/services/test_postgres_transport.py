"""Events cross app processes through PostgreSQL: each process's bus hears every event once, and a process whose
listening connection drops (killed, or silently gone) listens again and tells its open pages to catch up."""
import asyncio
from urllib.parse import urlsplit, urlunsplit

from domain.conversation import comments
from domain.events import Bus, Event, EventKind
from integrations.postgres_transport import PostgresTransport
from tests import factories
from tests.services.cluster_support import FreezingProxy, database_url, eventually, needs_postgres

pytestmark = needs_postgres


class Process:
    """What one app process has: its own bus and transport, and what its open pages were told."""

    def __init__(self, url: str, **options) -> None:
        self.bus = Bus()
        self.transport = PostgresTransport(url, **options)
        self.heard: list[Event] = []
        self.bus.subscribe(self.heard.append)

    async def __aenter__(self) -> 'Process':
        await self.bus.use(self.transport)
        return self

    async def __aexit__(self, *_) -> None:
        await self.bus.use(None)

    def kinds(self) -> list[str]:
        return [event.kind for event in self.heard]


async def test_an_event_published_in_one_process_reaches_each_process_once(pg):
    url = database_url(pg)
    async with Process(url) as a, Process(url) as b:
        await a.bus.publish(Event('comment.posted', document_id=7, contact_id=3, data={'comment_id': 11, 'portal': True}))
        await eventually(lambda: a.heard and b.heard)
        # one more event from each side, the second once the first was heard: notifications arrive in commit order,
        # so once each process has heard the other's, a duplicate of the first would have arrived before it
        await a.bus.publish(Event('document.status', document_id=8))
        await eventually(lambda: Event('document.status', 8) in b.heard)
        await b.bus.publish(Event('document.status', document_id=9))
        await eventually(lambda: Event('document.status', 9) in a.heard)
        assert a.heard == b.heard == [Event('comment.posted', 7, 3, {'comment_id': 11, 'portal': True}),
                                      Event('document.status', 8), Event('document.status', 9)]


async def test_a_use_case_in_one_process_is_heard_by_the_other_after_its_commit(pg):
    url = database_url(pg)
    acme = await factories.contact('Acme Corporation')
    casey = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    invoice = await factories.invoice(acme, 1000)
    async with Process(url) as a, Process(url) as b:
        from domain import events
        events.bus, saved = a.bus, events.bus  # the use case publishes on process A's bus
        try:
            comment = await comments.post_comment(casey, invoice.id, 'Is this paid by card?')
        finally:
            events.bus = saved
        await eventually(lambda: 'comment.posted' in b.kinds())
        posted = next(event for event in b.heard if event.kind == 'comment.posted')
        assert posted.document_id == invoice.id and posted.data['comment_id'] == comment.id
        assert 'Is this paid by card?' not in repr(posted)  # events carry ids, never what people wrote


async def test_a_killed_listening_connection_reconnects_and_open_pages_catch_up(pg):
    url = database_url(pg)
    async with Process(url, health_every=0.5) as a, Process(url) as b:
        pid = a.transport.connection.get_server_pid()
        await pg.connections.get('default').execute_query('SELECT pg_terminate_backend($1)', [pid])
        await eventually(lambda: EventKind.CATCH_UP in a.kinds(), timeout=5)
        assert a.transport.reconnects == 1 and a.transport.connection.get_server_pid() != pid
        assert b.kinds() == []  # the other process lost nothing and is not disturbed

        await b.bus.publish(Event('document.status', document_id=5, contact_id=2))
        await eventually(lambda: 'document.status' in a.kinds())
        assert a.kinds() == [EventKind.CATCH_UP, 'document.status']


async def test_a_connection_that_goes_silent_is_noticed_in_seconds_and_replaced(pg):
    url = database_url(pg)
    parts = urlsplit(url)
    proxy = FreezingProxy(parts.hostname, parts.port or 5432)
    port = await proxy.start()
    user = f'{parts.username}@' if parts.username else ''
    through_proxy = urlunsplit(('postgres', f'{user}127.0.0.1:{port}', parts.path, '', ''))
    try:
        async with Process(through_proxy, health_every=0.5, health_timeout=1.0) as a, Process(url) as b:
            proxy.freeze_existing()  # no error, no closed socket: only silence, as when a network path dies
            started = asyncio.get_running_loop().time()
            await eventually(lambda: EventKind.CATCH_UP in a.kinds(), timeout=8)
            assert asyncio.get_running_loop().time() - started < 5

            await b.bus.publish(Event('payment.recorded', contact_id=4))
            await eventually(lambda: 'payment.recorded' in a.kinds())
    finally:
        await proxy.stop()


async def test_a_process_that_cannot_reach_the_database_at_first_starts_anyway_and_listens_later(pg):
    url = database_url(pg)
    parts = urlsplit(url)
    proxy = FreezingProxy(parts.hostname, parts.port or 5432)
    user = f'{parts.username}@' if parts.username else ''
    listener = PostgresTransport(urlunsplit(('postgres', f'{user}127.0.0.1:1', parts.path, '', '')),
                                 health_every=0.2, backoff_max=0.2)
    heard: list[Event] = []

    async def deliver(event: Event) -> None:
        heard.append(event)
    await listener.start(deliver)  # port 1 refuses: start-up goes on
    assert not listener.listening
    port = await proxy.start()
    listener.dsn = urlunsplit(('postgresql', f'{user}127.0.0.1:{port}', parts.path, '', ''))  # the server is back
    try:
        await eventually(lambda: listener.listening and heard, timeout=5)
        assert heard == [Event(EventKind.CATCH_UP)]  # pages opened meanwhile may have missed events
    finally:
        await listener.stop()
        await proxy.stop()
