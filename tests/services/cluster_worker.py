"""One stand-in app process for tests of several processes on one PostgreSQL (run by tests, not by the app).

    python -m tests.services.cluster_worker mail DATABASE_URL SMTP_PORT START_AT
    python -m tests.services.cluster_worker webhook DATABASE_URL LOCALSTRIPE_URL PAYLOAD_FILE START_AT
    python -m tests.services.cluster_worker jobs DATABASE_URL JOB START_AT
    python -m tests.services.cluster_worker card_jobs DATABASE_URL LOCALSTRIPE_URL JOB START_AT

Each waits until the wall-clock time START_AT, so that two of them act at the same moment, then does what an app
process does: run its mail sender until the outbox is empty, receive the same webhook a few times at once over
HTTP, or run a scheduled job (as its timer does, and as Run now does, at once; card_jobs with the card processor). The last line printed is a JSON
summary.
"""
from __future__ import annotations

import asyncio
import dataclasses
import json
import os
import sys
import time
from pathlib import Path

import httpx
from fastapi import FastAPI
from tortoise import Tortoise

import settings
from domain.jobs import runner
from domain.payments import gateway as payment_gateway
from integrations import database
from integrations.mail_sender import MailSender
from pages import stripe_webhook
from tests.stripe_support import gateway


async def _wait_until(start_at: float) -> None:
    await asyncio.sleep(max(start_at - time.time(), 0))


async def send_mail(smtp_port: int, start_at: float) -> dict:
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=smtp_port, smtp_tls='none')
    sender = MailSender(config, batch_size=5, timeout=10)
    await _wait_until(start_at)
    sent, idle = 0, 0
    while idle < 3:  # the outbox looked empty three times in a row
        attempted = await sender.run_once()
        sent += attempted
        idle = 0 if attempted else idle + 1
        await asyncio.sleep(0.05 if attempted else 0.2)
    return {'sent': sent}


async def receive_webhook(localstripe: str, payload_file: str, start_at: float) -> dict:
    body = json.loads(Path(payload_file).read_text())
    payment_gateway.install(gateway(localstripe))
    app = FastAPI()
    app.include_router(stripe_webhook.router)
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test') as client:
        await _wait_until(start_at)
        answers = await asyncio.gather(*(client.post('/stripe/webhook', content=body['payload'].encode(),
                                                     headers=body['headers']) for _ in range(3)))
    return {'status': [answer.status_code for answer in answers],
            'results': [answer.json().get('result') for answer in answers]}


async def run_job(job: str, start_at: float) -> dict:
    """The timer's run of whatever is due and a Run now of `job`, both at once, as two wakes of one process might."""
    process = f'worker-{os.getpid()}'
    await _wait_until(start_at)
    due, manual = await asyncio.gather(runner.run_due(process), runner.run_job(job, process=process))
    summaries = [*due, manual]
    return {'runs': len(summaries), 'done': sum(s.done for s in summaries),
            'skipped': sum(s.skipped for s in summaries), 'failed': sum(s.failed for s in summaries)}


async def main(args: list[str]) -> dict:
    what, url = args[0], args[1]
    await Tortoise.init(config=database.tortoise_config(url))
    try:
        if what == 'mail':
            return await send_mail(int(args[2]), float(args[3]))
        if what == 'jobs':
            return await run_job(args[2], float(args[3]))
        if what == 'card_jobs':
            payment_gateway.install(gateway(args[2]))
            return await run_job(args[3], float(args[4]))
        return await receive_webhook(args[2], args[3], float(args[4]))
    finally:
        await Tortoise.close_connections()


if __name__ == '__main__':
    print(json.dumps(asyncio.run(main(sys.argv[1:]))))
