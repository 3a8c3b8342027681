"""A scheduled run gives way to the pages of its process: before each unit the runner awaits the pause the app's
timer installs, told how long the last unit took, and integrations/page_gate.pages_first waits while pages are being
built, for a few times that at most."""
from __future__ import annotations

import asyncio
from datetime import date

import pytest

from domain.jobs import runner
from domain.jobs.catalogue import EXPIRE_ESTIMATES
from integrations import page_gate
from tests import factories


@pytest.fixture
def pauses():
    seen: list[float] = []

    async def pause(spent: float) -> None:
        seen.append(spent)
    runner.give_way_with(pause)
    yield seen
    runner.give_way_with(None)


async def test_the_runner_gives_way_before_each_unit_told_how_long_the_last_took(db, pauses):
    await factories.business()
    acme = await factories.contact('Acme')
    for _n in range(3):
        await factories.estimate(acme, 1000, issued=date(2026, 1, 1), expires_in_days=5)
    summary = await runner.run_job(EXPIRE_ESTIMATES, process='test')
    assert summary.done == 3
    assert len(pauses) == 3 and pauses[0] == 0.0 and all(spent > 0 for spent in pauses[1:])


async def test_pages_first_waits_while_a_page_is_built_and_no_longer_than_its_share():
    assert page_gate.BUILDING.count == 0
    await page_gate.pages_first(10.0)  # nothing being built: at once
    page_gate.BUILDING.begin()
    try:
        waiting = asyncio.create_task(page_gate.pages_first(10.0))
        await asyncio.sleep(0)
        assert not waiting.done()
        page_gate.BUILDING.end()  # the page is built: the job goes on
        await asyncio.wait_for(waiting, 1)
        page_gate.BUILDING.begin()
        await asyncio.wait_for(page_gate.pages_first(0.001), 1)  # a page still building: on after its share
    finally:
        page_gate.BUILDING.end()
    assert page_gate.BUILDING.count == 0
