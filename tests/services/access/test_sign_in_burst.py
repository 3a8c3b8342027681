"""A burst of sign-ins waits its turn in a small hashing pool instead of taking every core."""
import asyncio
import threading
import time

from domain.access import auth, passwords, signing
from domain.models import Session, SessionKind
from tests import factories


async def test_twenty_people_signing_in_at_once_all_get_in_while_hashing_runs_one_at_a_time(db, monkeypatch):
    contact = await factories.contact()
    emails = [f'person{n}@example.com' for n in range(20)]
    for email in emails:
        await factories.person(contact, email)

    running, most, lock = 0, 0, threading.Lock()
    verify = passwords._verify

    def counted(password: str, hashed: str | None) -> bool:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        try:
            time.sleep(0.02)  # long enough that a bigger pool would run several at once
            return verify(password, hashed)
        finally:
            with lock:
                running -= 1
    monkeypatch.setattr(passwords, '_verify', counted)

    codes = await asyncio.gather(*(
        signing.sign_in(SessionKind.PORTAL, email, factories.PASSWORD, auth.Client(ip='203.0.113.9', browser_id=email))
        for email in emails))

    assert all(codes) and len(set(codes)) == 20
    assert await Session.filter(kind=SessionKind.PORTAL).count() == 20
    assert most == passwords.HASH_THREADS == 1

