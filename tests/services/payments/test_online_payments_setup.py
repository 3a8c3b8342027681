"""Which card processor the app uses for its settings, and what the Content-Security-Policy lets pages load."""
from __future__ import annotations

from pathlib import Path

import httpx

from domain.payments import gateway as payment_gateway
from integrations.stripe_gateway import Payments
from integrations.web import content_security_policy
from settings import Settings
from tests.stripe_support import webhook


def settings(tmp_path: Path, **env: str) -> Settings:
    return Settings.from_env({'DATA_DIR': str(tmp_path / 'data'), 'PORTAL_SECRET': 'x', 'LOCALSTRIPE_PORT': 'off', **env})


def directive(name: str) -> str:
    return next(part for part in content_security_policy('n').split('; ') if part.startswith(name + ' '))


async def test_with_stripe_keys_pages_may_load_only_stripe_js_its_api_and_its_frames(tmp_path: Path):
    payments = Payments(settings(tmp_path, STRIPE_SECRET_KEY='sk_test_1', STRIPE_PUBLISHABLE_KEY='pk_test_1',
                                 STRIPE_WEBHOOK_SECRET='whsec_1'))
    await payments.start()
    try:
        assert payment_gateway.current().script_url == 'https://js.stripe.com/v3/'
        assert directive('script-src') == "script-src 'self' 'nonce-n' 'unsafe-eval' https://js.stripe.com"
        assert directive('connect-src') == "connect-src 'self' https://api.stripe.com"
        assert directive('frame-src') == ('frame-src https://js.stripe.com https://hooks.stripe.com '
                                          'https://m.stripe.network')
    finally:
        await payments.stop()
    assert not payment_gateway.installed()
    assert directive('frame-src') == "frame-src 'none'"


async def test_a_secret_key_without_the_other_two_turns_online_payment_off(tmp_path: Path):
    payments = Payments(settings(tmp_path, STRIPE_SECRET_KEY='sk_test_1'))
    await payments.start()
    assert not payment_gateway.installed()
    assert directive('script-src') == "script-src 'self' 'nonce-n' 'unsafe-eval'"
    await payments.stop()


async def test_the_demo_starts_localstripe_on_loopback_and_stops_it_with_the_app(tmp_path: Path):
    payments = Payments(settings(tmp_path, LOCALSTRIPE_PORT='0', PUBLIC_URL='http://127.0.0.1:1'))
    await payments.start()
    try:
        assert payments.local is not None
        base = payments.local.url
        assert base.startswith('http://127.0.0.1:')
        assert payment_gateway.current().script_url == f'{base}/js.stripe.com/v3/'
        assert directive('script-src').endswith(f"'unsafe-eval' {base}")
        assert directive('connect-src') == f"connect-src 'self' {base}"
        assert directive('frame-src') == "frame-src 'none'"
        async with httpx.AsyncClient() as client:
            assert (await client.get(f'{base}/js.stripe.com/v3/')).status_code == 200
    finally:
        process = payments.local.process if payments.local else None
        await payments.stop()
    assert process is not None and process.poll() is not None
    assert not payment_gateway.installed()


async def test_an_unreachable_payment_server_leaves_the_app_running_without_online_payment(tmp_path: Path):
    payments = Payments(settings(tmp_path, STRIPE_API_BASE='http://127.0.0.1:9'))
    await payments.start()
    assert not payment_gateway.installed()
    assert directive('connect-src') == "connect-src 'self'"
    await payments.stop()


async def test_an_external_localstripe_gets_the_apps_webhook(tmp_path: Path, localstripe: str):
    payments = Payments(settings(tmp_path, STRIPE_API_BASE=localstripe, PUBLIC_URL='http://127.0.0.1:1'))
    await payments.start()
    try:
        assert payment_gateway.current().publishable_key.startswith('pk_test_')
        assert directive('script-src').endswith(localstripe)
    finally:
        await payments.stop()


async def test_processes_sharing_one_localstripe_accept_the_webhook_it_signs_for_all_of_them(tmp_path: Path,
                                                                                            localstripe: str):
    """`make cluster` gives every process the same STRIPE_WEBHOOK_SECRET: each registers the same webhook, and the
    processor's signature is accepted by whichever process HAProxy hands the webhook to."""
    shared = {'STRIPE_API_BASE': localstripe, 'PUBLIC_URL': 'http://127.0.0.1:1', 'STRIPE_WEBHOOK_SECRET': 'whsec_all'}
    first, second = Payments(settings(tmp_path, **shared)), Payments(settings(tmp_path, **shared))
    await first.start()
    accepted_by_first = payment_gateway.current()
    await second.start()
    try:
        payload, headers = webhook('pi_123', secret='whsec_all')
        for gateway in (accepted_by_first, payment_gateway.current()):
            assert gateway.parse_webhook(payload, headers['Stripe-Signature']).type == 'payment_intent.succeeded'
    finally:
        await second.stop()
        await first.stop()
