"""A closed websocket is answered with None, the path engineio's handler already takes for a closed connection."""
import pytest
from engineio.async_drivers.asgi import WebSocket

from integrations.framework.contracts import resolve
from integrations.framework.websockets import receive_message


def receiving(*events: dict):
    queue = list(events)

    async def receive() -> dict:
        return queue.pop(0)
    return receive


async def test_messages_come_through_and_a_closed_socket_gives_none():
    receive = receiving({'type': 'websocket.receive', 'bytes': b'\x01'}, {'type': 'websocket.receive', 'text': 'hi'},
                        {'type': 'websocket.disconnect', 'code': 1001})
    assert [await receive_message(receive) for _ in range(3)] == [b'\x01', 'hi', None]


async def test_engineio_s_own_wait_raises_for_a_closed_socket():
    """What the patch avoids: the OSError engineio's handler swallows, whose traceback keeps the connection."""
    theirs = getattr(WebSocket.wait, '__wrapped__', WebSocket.wait)
    socket = WebSocket.__new__(WebSocket)
    socket.asgi_receive = receiving({'type': 'websocket.disconnect', 'code': 1001})
    with pytest.raises(OSError):
        await theirs(socket)
    assert resolve('engineio.async_drivers.asgi.WebSocket.wait') is WebSocket.wait
