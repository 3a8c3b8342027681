"""engineio's request translation without a class per request gives engineio what its own gives."""
import gc

from engineio.async_drivers import asgi as engineio_asgi

from integrations.framework import engineio_requests


def request_scope() -> dict:
    return {'type': 'http', 'method': 'POST', 'path': '/_nicegui_ws/socket.io/', 'query_string': b'EIO=4&t=x',
            'headers': [(b'content-type', b'text/plain'), (b'content-length', b'9'), (b'x-forwarded-proto', b'https'),
                        (b'accept', b'a'), (b'accept', b'b'), (b'x-odd', b'\xff')]}


def receiving(*bodies: bytes):
    events = [{'type': 'http.request', 'body': body, 'more_body': index < len(bodies) - 1}
              for index, body in enumerate(bodies)]

    async def receive() -> dict:
        return events.pop(0)
    return receive


async def nothing_to_send(message: dict) -> None:
    pass


async def test_the_request_translation_gives_engineio_what_its_own_would():
    ours = await engineio_requests.translate_request(request_scope(), receiving(b'abc', b'def', b'ghi'), nothing_to_send)
    theirs = await engineio_asgi.translate_request(request_scope(), receiving(b'abc', b'def', b'ghi'), nothing_to_send)
    plain = {key for key in theirs if not key.startswith(('wsgi.input', 'asgi.'))}
    assert {key: ours[key] for key in plain} == {key: theirs[key] for key in plain}
    assert set(ours) == set(theirs)
    assert [await ours['wsgi.input'].read(4), await ours['wsgi.input'].read()] == \
        [await theirs['wsgi.input'].read(4), await theirs['wsgi.input'].read()]
    whole = await engineio_requests.translate_request(request_scope(), receiving(b'abc', b'def'), nothing_to_send)
    assert await whole['wsgi.input'].read() == b'abcdef'


async def test_a_translated_request_leaves_nothing_for_the_garbage_collector():
    async def garbage_left_by(translate) -> int:
        gc.collect()
        gc.disable()
        try:
            environ = await translate(request_scope(), receiving(b'body'), nothing_to_send)
            await environ['wsgi.input'].read()
            del environ
            return gc.collect()
        finally:
            gc.enable()
    assert await garbage_left_by(engineio_requests.translate_request) == 0
    assert await garbage_left_by(engineio_asgi.translate_request) > 0  # engineio's own: a class made per request
