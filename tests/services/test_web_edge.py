"""The HTTP edge: security headers on every response, a nonce on every script tag of a page, and a friendly
"busy" answer (503 with Retry-After) when more pages are asked for than the process can build in time."""
import asyncio
import re

import httpx
from starlette.applications import Starlette
from starlette.responses import HTMLResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route

from integrations.page_gate import PageGate
from integrations.web import PortalMiddleware
from tests.services.cluster_support import eventually

PAGE = ('<html><head><script>var a = 1</script><script type="module">import x from "y"</script></head>'
        '<body><p>&lt;script&gt; typed by a client stays text</p><script defer src="/app.js"></script></body></html>')


async def page(request) -> HTMLResponse:
    await asyncio.sleep(float(request.query_params.get('build', '0')))
    return HTMLResponse(PAGE)


async def streamed(request) -> StreamingResponse:
    async def parts():
        yield b'<html><body><scr'  # a tag cut in two by the chunk boundary
        yield b'ipt>var b = 2</script><script src="/x.js"></script></body></html>'
    return StreamingResponse(parts(), media_type='text/html')


def edge(**gate) -> httpx.AsyncClient:
    routes = [Route('/portal/login', page), Route('/staff/login', streamed),
              Route('/healthz', lambda request: PlainTextResponse('ok'))]
    app = PortalMiddleware(PageGate(Starlette(routes=routes), **gate))
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test')


def assert_secured(response: httpx.Response) -> None:
    assert response.headers['x-content-type-options'] == 'nosniff'
    assert response.headers['referrer-policy'] == 'same-origin'
    assert response.headers['x-frame-options'] == 'DENY'
    policy = response.headers['content-security-policy']
    for part in ("default-src 'self'", "object-src 'none'", "base-uri 'none'", "frame-ancestors 'none'"):
        assert part in policy


def nonce_of(response: httpx.Response) -> str:
    return re.search(r"'nonce-([^']+)'", response.headers['content-security-policy']).group(1)


async def test_every_script_tag_of_a_page_carries_the_nonce_its_policy_names():
    async with edge() as http:
        first, second = await http.get('/portal/login'), await http.get('/portal/login')
    assert_secured(first)
    nonce = nonce_of(first)
    assert nonce != nonce_of(second)
    assert first.text.count(f'<script nonce="{nonce}"') == 3 == first.text.count('<script') == first.text.count('nonce=')
    assert '&lt;script&gt; typed by a client stays text' in first.text
    assert int(first.headers['content-length']) == len(first.content)


async def test_a_streamed_page_gets_the_nonce_even_on_a_tag_split_between_chunks():
    async with edge() as http:
        response = await http.get('/staff/login')
    nonce = nonce_of(response)
    assert response.text == (f'<html><body><script nonce="{nonce}">var b = 2</script>'
                             f'<script nonce="{nonce}" src="/x.js"></script></body></html>')


async def test_responses_that_are_not_pages_get_the_headers_without_a_nonce():
    async with edge() as http:
        plain = await http.get('/healthz')
        redirect = await http.get('/portal/invoices')
        missing_file = await http.get('/portal/invoices/1.pdf')
    for response in (plain, redirect, missing_file):
        assert_secured(response)
        assert 'nonce-' not in response.headers['content-security-policy']
    assert plain.text == 'ok'
    assert redirect.status_code == 303 and redirect.headers['location'] == '/portal/login?next=%2Fportal%2Finvoices'
    assert missing_file.status_code == 404


async def test_page_loads_beyond_what_can_be_built_in_time_get_a_friendly_busy_page_with_retry_after():
    async with edge(builds=1, wait=0.2, retry_after=7) as http:
        answers = await asyncio.gather(*(http.get('/portal/login', params={'build': '0.5'}) for _ in range(3)))
        later = await http.get('/portal/login')
    assert sorted(r.status_code for r in answers) == [200, 503, 503]
    busy = next(r for r in answers if r.status_code == 503)
    assert busy.headers['retry-after'] == '7'
    assert 'Busy for a moment' in busy.text and 'try again by itself in 7 seconds' in busy.text
    assert '<html lang="en">' in busy.text and '<script' not in busy.text
    assert_secured(busy)
    assert later.status_code == 200  # the line is free again


async def test_page_loads_wait_their_turn_and_all_get_their_page_when_the_wait_is_short():
    building, most = 0, 0

    async def counted(request) -> HTMLResponse:
        nonlocal building, most
        building += 1
        most = max(most, building)
        await asyncio.sleep(0.05)
        building -= 1
        return HTMLResponse(PAGE)
    app = PortalMiddleware(PageGate(Starlette(routes=[Route('/portal/login', counted)]), builds=2, wait=5))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as http:
        answers = await asyncio.gather(*(http.get('/portal/login') for _ in range(8)))
    assert [r.status_code for r in answers] == [200] * 8
    assert most == 2


async def test_a_page_load_given_up_while_waiting_leaves_its_place_in_line():
    built = asyncio.Event()

    async def held(request) -> HTMLResponse:
        await built.wait()
        return HTMLResponse(PAGE)
    gate = PageGate(Starlette(routes=[Route('/portal/login', held)]), builds=1, wait=5)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=gate), base_url='http://portal.test') as http:
        building = asyncio.create_task(http.get('/portal/login'))
        await eventually(lambda: gate.active == 1)
        abandoned = asyncio.create_task(http.get('/portal/login'))
        await eventually(lambda: len(gate.waiting) == 1)
        abandoned.cancel()
        await asyncio.gather(abandoned, return_exceptions=True)
        built.set()
        assert (await building).status_code == 200
        assert (await http.get('/portal/login')).status_code == 200
    assert gate.active == 0 and not gate.waiting


async def test_a_page_the_framework_gave_up_building_in_time_is_busy_but_a_quick_failure_stays_an_error():
    async def failing(request) -> PlainTextResponse:
        await asyncio.sleep(float(request.query_params['after']))
        return PlainTextResponse('Response not ready', status_code=500)
    app = PortalMiddleware(PageGate(Starlette(routes=[Route('/portal/login', failing)]), build_timeout=0.2))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as http:
        slow = await http.get('/portal/login', params={'after': '0.3'})
        quick = await http.get('/portal/login', params={'after': '0'})
    assert slow.status_code == 503 and slow.headers['retry-after'] == '5' and 'Busy for a moment' in slow.text
    assert_secured(slow)
    assert quick.status_code == 500 and quick.text == 'Response not ready'
