"""Whoever runs the server reads /metrics from the machine itself (or with the token); from anywhere else the
address does not exist. Page builds, mail waiting and the scheduler's lag are there; a request log line names the
request's id."""
from __future__ import annotations

import json
import logging
from datetime import timedelta

import httpx
import pytest
from nicegui import app
from nicegui.testing import User

from domain import clock
from domain.models import MailStatus, OutgoingMail
from tests import factories


def from_outside(**headers: str) -> httpx.AsyncClient:
    return httpx.AsyncClient(transport=httpx.ASGITransport(app, client=('203.0.113.9', 40000)),
                             base_url='http://test', headers=headers)


def reading(text: str, name: str) -> float:
    (line,) = [line for line in text.splitlines() if line.startswith(name + ' ') or line.startswith(name + '{')]
    return float(line.rsplit(' ', 1)[1])


@pytest.fixture
def token(monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv('METRICS_TOKEN', 'scrape-me-0123456789')
    return 'scrape-me-0123456789'


async def test_the_server_reads_page_builds_mail_waiting_and_job_lag_on_loopback(token: str, user: User):
    await factories.business()
    await OutgoingMail.create(kind='invitation', to_address='late@example.com', subject='Hello', text_body='Hi', html_body='<p>Hi</p>',
                              status=MailStatus.PENDING)
    await OutgoingMail.filter(to_address='late@example.com').update(created_at=clock.now() - timedelta(hours=2))
    await user.open('/portal/login')
    await user.open('/portal/login')

    answer = await user.http_client.get('/metrics')

    assert answer.status_code == 200
    assert answer.headers['content-type'].startswith('text/plain')
    assert reading(answer.text, 'portal_page_builds_total{route="/portal/login"}') >= 2
    assert 'portal_page_build_seconds_bucket{le="0.5",route="/portal/login"}' in answer.text
    assert reading(answer.text, 'portal_mail_waiting') == 1
    assert 7100 < reading(answer.text, 'portal_mail_oldest_waiting_seconds') < 7300
    assert reading(answer.text, 'portal_job_lag_seconds{job="expire_estimates"}') >= 0  # the timer is off here
    assert 'portal_open_pages' in answer.text and 'portal_http_responses_total{code="2xx"}' in answer.text


async def test_metrics_from_elsewhere_need_the_token_and_are_otherwise_not_there(token: str, user: User):
    async with from_outside() as outsider:
        assert (await outsider.get('/metrics')).status_code == 404
    async with from_outside(authorization='Bearer wrong-token') as guesser:
        assert (await guesser.get('/metrics')).status_code == 404
    async with from_outside(authorization=f'Bearer {token}') as prometheus:
        assert (await prometheus.get('/metrics')).status_code == 200
    through_the_proxy = await user.http_client.get('/metrics', headers={'x-forwarded-for': '198.51.100.4'})
    assert through_the_proxy.status_code == 404  # HAProxy on this machine forwards a visitor's request


async def test_every_answer_carries_a_request_id_and_the_log_line_names_it(user: User, caplog: pytest.LogCaptureFixture):
    caplog.set_level(logging.INFO, logger='portal.requests')
    answer = await user.http_client.get('/healthz', headers={'x-request-id': 'haproxy-42'})
    assert answer.headers['x-request-id'] == 'haproxy-42'
    odd = await user.http_client.get('/healthz', headers={'x-request-id': 'no spaces <please>'})
    assert len(odd.headers['x-request-id']) == 16
    (line,) = [json.loads(record.getMessage()) for record in caplog.records
               if record.name == 'portal.requests' and 'haproxy-42' in record.getMessage()]
    assert line['route'] == '/healthz' and line['status'] == 200 and line['request_id'] == 'haproxy-42'
