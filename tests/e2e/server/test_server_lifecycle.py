"""The real server (`python app.py`) starts, serves and stops cleanly: every start-up and shutdown handler runs
(the scheduled jobs' timer, the mail sender, the card processor, the event transport) without an error."""
from __future__ import annotations

from pathlib import Path

import httpx

from tests.e2e.conftest import Server


def test_the_server_stops_cleanly_when_asked(tmp_path: Path):
    server = Server(tmp_path, {'JOBS_INTERVAL_SECONDS': '60'})  # the timer runs, as in production
    server.start()
    assert httpx.get(f'{server.url}/healthz').status_code == 200
    server.stop()
    log = server.log.read_text()
    assert 'Traceback' not in log and 'shutdown failed' not in log, log[-2000:]
