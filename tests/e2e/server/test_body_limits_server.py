"""Bodies are bounded while they stream, measured on the real server process (`python app.py`).

A stranger posts 64 MiB to the webhook in chunks with no Content-Length: the answer is 413 and the server's
resident memory stays where it was. No browser here; the e2e folder has the server fixture.
"""
from __future__ import annotations

import asyncio
import socket
import threading
from pathlib import Path

import aiohttp
import httpx

from integrations.body_limit import DEFAULT, WEBHOOK, WEBSOCKET_MESSAGE, limit_for
from tests.e2e.conftest import Server

MIB = 1024 * 1024
CHUNK = b'x' * (64 * 1024)


def rss_mib(pid: int) -> float:
    for line in Path(f'/proc/{pid}/status').read_text().splitlines():
        if line.startswith('VmRSS:'):
            return int(line.split()[1]) / 1024
    raise AssertionError('no VmRSS')


def post_chunked(server: Server, path: str, total: int) -> tuple[bytes, int]:
    """POST `total` bytes with Transfer-Encoding: chunked from a thread while reading the answer here.
    Returns the start of the answer and how many body bytes were sent before the server stopped taking them."""
    sock = socket.create_connection(('127.0.0.1', server.port), timeout=30)
    sock.sendall(f'POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n'
                 'Transfer-Encoding: chunked\r\n\r\n'.encode())
    sent = 0

    def send_body() -> None:
        nonlocal sent
        try:
            while sent < total:
                sock.sendall(b'%x\r\n' % len(CHUNK) + CHUNK + b'\r\n')
                sent += len(CHUNK)
            sock.sendall(b'0\r\n\r\n')
        except OSError:
            pass  # the server answered and closed: it stopped reading, which is the point
    sender = threading.Thread(target=send_body, daemon=True)
    sender.start()
    answer = b''
    try:
        while b'\r\n\r\n' not in answer:
            data = sock.recv(4096)
            if not data:
                break
            answer += data
    finally:
        sock.close()
        sender.join(timeout=30)
    return answer, sent


def test_a_64_mib_webhook_body_gets_413_and_leaves_memory_where_it_was(server: Server):
    pid = server.process.pid
    assert httpx.post(f'{server.url}/stripe/webhook', content=b'{}').status_code in {400, 503}  # warmed up
    before = rss_mib(pid)
    answer, sent = post_chunked(server, '/stripe/webhook', 64 * MIB)
    after = rss_mib(pid)
    print(f'RSS before {before:.1f} MiB, after {after:.1f} MiB, body bytes the client got out: {sent / MIB:.1f} MiB')
    assert answer.startswith(b'HTTP/1.1 413'), answer[:200]
    assert after - before < 20, (before, after)
    assert httpx.get(f'{server.url}/healthz').status_code == 200  # and the server carries on


def test_no_other_address_takes_a_big_body_into_memory_and_a_declared_length_is_refused_at_once(server: Server):
    pid = server.process.pid
    before = rss_mib(pid)
    for path in ('/_nicegui_ws/socket.io/?EIO=4&transport=polling', '/portal/login', '/staff', '/auth/complete',
                 '/no-such-address'):
        answer, _ = post_chunked(server, path, 64 * MIB)
        status = int(answer.split(b' ', 2)[1])
        print(path, status)
        assert 400 <= status < 500, (path, answer[:200])
    after = rss_mib(pid)
    print(f'RSS before {before:.1f} MiB, after five 64 MiB posts {after:.1f} MiB')
    assert after - before < 20, (before, after)
    with socket.create_connection(('127.0.0.1', server.port), timeout=10) as sock:  # the body never comes
        sock.sendall(f'POST /stripe/webhook HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: {64 * MIB}\r\n\r\n'.encode())
        assert sock.recv(4096).startswith(b'HTTP/1.1 413')


def post_exactly(server: Server, path: str, size: int, declared: bool) -> int:
    """The status of a POST of `size` bytes, with its Content-Length declared or streamed in chunks."""
    body = b'{' + b' ' * (size - 2) + b'}'
    content = body if declared else iter([body[start:start + 65536] for start in range(0, size, 65536)])
    return httpx.post(f'{server.url}{path}', content=content, timeout=30).status_code


def test_every_route_that_reads_a_body_takes_exactly_its_declared_limit(server: Server):
    """The webhook reads up to its limit and refuses one byte more, whether the length is declared or streamed;
    socket.io's long-polling posts (engine.io reads only the declared length) likewise by their Content-Length.
    (Attachment uploads: test_attachments_browser.py, with a signed-in person.)"""
    polling = '/_nicegui_ws/socket.io/?EIO=4&transport=polling&sid=unknown'
    for path, ways in (('/stripe/webhook', (True, False)), (polling, (True,))):
        limit = limit_for(path.split('?')[0]).size
        for declared in ways:
            assert post_exactly(server, path, limit, declared) != 413, (path, declared)
            assert post_exactly(server, path, limit + 1, declared) == 413, (path, declared)
    assert limit_for('/stripe/webhook') == WEBHOOK and limit_for('/_nicegui_ws/socket.io/') == DEFAULT


def test_a_websocket_message_over_the_limit_closes_that_socket_and_nothing_else(server: Server):
    """Forms and signatures reach the server as websocket messages: one over 1 MiB is cut off as it arrives."""
    async def send(size: int) -> int | None:
        async with aiohttp.ClientSession() as session, session.ws_connect(
                f'{server.url}/_nicegui_ws/socket.io/?EIO=4&transport=websocket') as socket_:
            await socket_.receive(timeout=10)  # engine.io's open packet
            await socket_.send_str('4' + 'x' * (size - 1))
            answer = await socket_.receive(timeout=10)
            return socket_.close_code if answer.type in {aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED} else None

    before = rss_mib(server.process.pid)
    assert asyncio.run(send(WEBSOCKET_MESSAGE + 1)) == 1009  # "message too big"
    assert rss_mib(server.process.pid) - before < 20
    assert httpx.get(f'{server.url}/healthz').status_code == 200
