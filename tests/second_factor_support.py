"""Helpers for tests of two-step sign-in: read the stored secret and compute codes like an authenticator app."""
from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from domain import clock
from domain.access import second_factor_codes as codes
from domain.models import SecondFactor

NOON = datetime(2026, 11, 27, 12, 0, 15, tzinfo=UTC)  # 15 seconds into a 30-second step


async def stored_secret(*, person_id: int | None = None, staff_id: int | None = None) -> str:
    """The secret as the app holds it, decrypted from the database row (set up or waiting)."""
    if person_id is not None:
        row = await SecondFactor.get(person_id=person_id)
        return codes.decrypt(row.secret, f'portal:{person_id}')
    row = await SecondFactor.get(staff_id=staff_id)
    return codes.decrypt(row.secret, f'staff:{staff_id}')


def code_for(secret: str, seconds_from_now: int = 0) -> str:
    return codes.code_at(secret, clock.now() + timedelta(seconds=seconds_from_now))


@pytest.fixture
def frozen_clock(monkeypatch: pytest.MonkeyPatch) -> dict:
    """Time stands at NOON until a test moves `state['now']`."""
    state = {'now': NOON}
    monkeypatch.setattr(clock, 'now', lambda: state['now'])
    return state


async def protect(person=None, staff=None) -> tuple[str, list[str]]:
    """Switch two-step sign-in on for a person or staff user, as if they had done it half a minute ago: the secret
    their app holds and their recovery codes. Codes of the current step and later are still unused."""
    from domain import audit
    from domain.access import second_factor
    owner = second_factor.owner_of(person, staff)
    setup = await second_factor.begin(owner)
    return setup.secret, await second_factor.confirm(owner, code_for(setup.secret, -30),
                                                     by=audit.account(person or staff))
