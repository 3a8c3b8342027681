"""Helpers for page tests where several people have pages open at once."""
import asyncio
from collections.abc import Callable
from datetime import timedelta

from nicegui.testing import User

from domain import clock, tokens
from domain.models import ContactPerson, Session, SessionKind, StaffUser
from integrations.web import COOKIE


async def signed_in_user(create_user: Callable[[], User], kind: SessionKind, email: str) -> User:
    """Another person in their own browser, already signed in (a session row and its cookie).

    Only the first user signs in through the sign-in page: the simulation has one global `ui.navigate`, and it
    follows whichever user's page last sent an update, so a second user's redirect after sign-in could land in
    the first user's browser.
    """
    other = create_user()
    key = tokens.new_secret()
    now = clock.now()
    who = {'person': await ContactPerson.get(email=email)} if kind == SessionKind.PORTAL else \
        {'staff': await StaffUser.get(email=email)}
    await Session.create(kind=kind, key_hash=tokens.digest(key), created_at=now, last_seen_at=now,
                         expires_at=now + timedelta(hours=12), **who)
    other.http_client.cookies.set(COOKIE[kind], key)
    return other


async def eventually(check: Callable[[], bool], timeout: float = 3.0) -> None:
    """Wait for something the other person did to show up on this page."""
    deadline = asyncio.get_running_loop().time() + timeout
    while not check():
        assert asyncio.get_running_loop().time() < deadline, 'it did not show up'
        await asyncio.sleep(0.05)
