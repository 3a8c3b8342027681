"""Error answers carry the same security headers as every page: 404, 405, 413, 500 and 503 alike."""
from __future__ import annotations

from nicegui import app
from nicegui.testing import User

from tests import factories
from tests.ui.conftest import sign_in


def assert_secured(response) -> None:
    headers = response.headers
    assert headers['x-content-type-options'] == 'nosniff'
    assert headers['referrer-policy'] == 'same-origin'
    assert headers['x-frame-options'] == 'DENY'
    policy = headers['content-security-policy']
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy


def assert_nonced_page(response) -> None:
    """An HTML error page gets a nonce in its policy and on each of its script tags, like any other page."""
    policy = response.headers['content-security-policy']
    nonce = policy.split("'nonce-", 1)[1].split("'", 1)[0]
    assert response.text.count('<script') == response.text.count(f'<script nonce="{nonce}"') > 0


async def test_unknown_addresses_and_wrong_methods_answer_with_the_headers(user: User):
    await user.open('/portal/login')
    for path in ('/no/such/page', '/_nicegui/no-such-thing', '/staff/no-such-page.pdf'):
        response = await user.http_client.get(path)
        assert response.status_code == 404, path
        assert_secured(response)
    assert_nonced_page(await user.http_client.get('/no/such/page'))  # NiceGUI's HTML 404 page
    wrong_method = await user.http_client.get('/stripe/webhook')
    assert wrong_method.status_code == 405
    assert_secured(wrong_method)


async def test_a_page_that_fails_shows_the_error_page_with_the_headers_and_a_nonce(user: User, caplog):
    await user.open('/staff/login')
    await factories.staff('owner@example.com')
    await sign_in(user, 'staff', 'owner@example.com')

    @app.get('/staff/test-explodes')
    def explodes() -> None:
        raise RuntimeError('a bug nobody caught')

    @app.get('/test-explodes-too.json')
    def also_explodes() -> None:
        raise RuntimeError('a bug outside the pages')
    try:
        page = await user.http_client.get('/staff/test-explodes')
        api = await user.http_client.get('/test-explodes-too.json')
    finally:
        app.router.routes[:] = [r for r in app.router.routes if 'explodes' not in getattr(r, 'path', '')]
    assert (page.status_code, api.status_code) == (500, 500)
    assert_secured(page)
    assert_secured(api)
    assert api.text == 'Internal Server Error' and 'a bug' not in api.text
    assert [r.exc_info[1].args[0] for r in caplog.records if r.exc_info] == ['a bug nobody caught',
                                                                           'a bug outside the pages']
    caplog.clear()  # the two errors above were expected


async def test_a_nicegui_page_that_raises_gets_the_html_error_page_with_a_nonce(user: User, caplog):
    from nicegui import ui

    @ui.page('/portal/test-page-explodes')
    def explodes_page() -> None:
        raise RuntimeError('page bug')
    await user.open('/portal/login')
    await factories.business()
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    await sign_in(user, 'portal', 'casey@acme.example')
    try:
        response = await user.http_client.get('/portal/test-page-explodes')
    finally:
        app.router.routes[:] = [r for r in app.router.routes if 'explodes' not in getattr(r, 'path', '')]
    assert response.status_code == 500
    assert_secured(response)
    assert_nonced_page(response)
    caplog.clear()


async def test_payment_processor_unavailable_is_a_503_with_the_headers(user: User):
    await user.open('/portal/login')  # no card processor in the tests: a webhook cannot be handled now
    response = await user.http_client.post('/stripe/webhook', content=b'{}', headers={'stripe-signature': 't=1,v1=x'})
    assert response.status_code == 503
    assert_secured(response)


async def test_a_body_declared_too_large_is_refused_at_once_with_the_headers(user: User):
    await user.open('/portal/login')
    response = await user.http_client.post('/stripe/webhook', content=b'x' * (600 * 1024))
    assert response.status_code == 413
    assert_secured(response)
    response = await user.http_client.post('/portal/login', content=b'x' * (2 * 1024 * 1024))
    assert response.status_code == 413
    assert_secured(response)


async def test_the_attachment_routes_may_take_a_file_but_other_addresses_only_a_small_body(user: User):
    await user.open('/portal/login')
    three_mib = b'%PDF-' + b'x' * (3 * 1024 * 1024)
    upload = await user.http_client.post('/portal/documents/1/attachments', content=three_mib)
    assert upload.status_code == 404  # past the general bound: the route itself decides (here: nobody signed in)
    for elsewhere in ('/_nicegui/client/no-such-client/upload/no-such-upload', '/portal/login', '/stripe/webhook'):
        refused = await user.http_client.post(elsewhere, content=three_mib)
        assert refused.status_code == 413, elsewhere
        assert_secured(refused)
