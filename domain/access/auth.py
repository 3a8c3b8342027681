"""Sessions of both sides (started once a sign-in is proven, exchanged for the cookie, purged) and the lockout after
repeated failures. Checking a password and holding for a second step is `signing.sign_in`, above this module.

A sign-in happens in two steps. The page checks the password and gets a one-time handoff code bound to the
browser; the browser then exchanges that code in a normal HTTP request, whose response sets the session cookie
(HttpOnly, so no script ever sees the session key). The session key is new at every sign-in.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import cast

from tortoise.expressions import Q
from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, tokens
from domain.access.passwords import MAX_BYTES, verify_password
from domain.errors import Invalid, RateLimited
from domain.formats import N_, _
from domain.models import (
    Business,
    ContactPerson,
    LoginFailure,
    PendingSignIn,
    Session,
    SessionKind,
    StaffUser,
)
from domain.sessions import IDLE_TIMEOUT

ABSOLUTE_TIMEOUT = timedelta(hours=12)
HANDOFF_TIMEOUT = timedelta(seconds=60)
LOCKOUT_WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
MAX_EMAIL = 254

WRONG_CREDENTIALS = N_('The email or password is not right.')
LOCKED = N_('Too many failed sign-in attempts. Please wait 15 minutes and try again.')


@dataclass(frozen=True)
class Client:
    """Where a sign-in comes from: the IP address and the NiceGUI browser id (bound to the handoff code)."""
    ip: str
    browser_id: str
    user_agent: str = ''


def normalize_email(email: str) -> str:
    return email.strip().lower()


def check_sign_in_input(email: str, password: str) -> None:
    fields = {}
    email = email.strip()
    if not email:
        fields['email'] = _('Enter your email address.')
    elif len(email) > MAX_EMAIL or '@' not in email or form_input.has_control(email):
        fields['email'] = _('Enter a valid email address.')
    if not password:
        fields['password'] = _('Enter your password.')
    elif len(password.encode()) > MAX_BYTES:
        fields['password'] = _('That password is too long to be right.')
    if fields:
        raise Invalid(fields)


async def start_session(kind: SessionKind, client: Client, *, person: ContactPerson | None = None,
                        staff: StaffUser | None = None) -> str:
    """Open a session for someone whose identity is proven (a password, an invitation or a reset link) and return
    the one-time handoff code the browser exchanges at /auth/complete."""
    now = clock.now()
    handoff = tokens.new_secret()
    async with in_transaction():
        await Session.create(
            kind=kind, person=person, staff=staff, handoff_hash=tokens.digest(handoff),
            browser_hash=tokens.digest(client.browser_id), created_at=now, last_seen_at=now,
            expires_at=now + ABSOLUTE_TIMEOUT, ip=client.ip[:45], user_agent=client.user_agent[:200],
        )
        if person is not None:
            await ContactPerson.filter(id=person.id).update(last_sign_in_at=now)
        await audit.record(audit.account(person or staff, client.ip), audit.Action.SIGN_IN, on=person or staff,
                           note=kind)
    return handoff


async def confirm_password(kind: SessionKind, email: str, password: str, hashed: str | None, ip: str) -> bool:
    """Check the current password of someone signed in (before changing their password or email).

    A wrong one counts towards the same lockout as a failed sign-in, so a left-open session cannot be used to
    guess the password; while locked, even the right one raises RateLimited.
    """
    account_key = tokens.digest(f'{kind}:{normalize_email(email)}')
    now = clock.now()
    if await is_locked(account_key, ip, now):
        raise RateLimited(_(LOCKED))
    if len(password.encode()) <= MAX_BYTES and await verify_password(password, hashed):
        return True
    await LoginFailure.create(kind=kind, account_key=account_key, ip=ip[:45], created_at=now)
    return False


async def locked(kind: SessionKind, email: str, ip: str) -> bool:
    """Whether sign-in attempts for this account or from this address are refused at the moment."""
    return await is_locked(tokens.digest(f'{kind}:{normalize_email(email)}'), ip, clock.now())


async def record_failure(kind: SessionKind, email: str, ip: str) -> None:
    """Count a wrong password or code towards the lockout of the account and of the address."""
    await LoginFailure.create(kind=kind, account_key=tokens.digest(f'{kind}:{normalize_email(email)}'), ip=ip[:45],
                              created_at=clock.now())


async def clear_failures(kind: SessionKind, email: str) -> None:
    """Forget the failed sign-ins of an account, e.g. once its password has been reset."""
    await LoginFailure.filter(account_key=tokens.digest(f'{kind}:{normalize_email(email)}')).delete()


async def is_locked(account_key: str, ip: str, now: datetime) -> bool:
    """Whether the account (by its key) or the address has failed too often lately."""
    return (await _limit_reached(LoginFailure.filter(account_key=account_key), ACCOUNT_LIMIT, now)
            or await _limit_reached(LoginFailure.filter(ip=ip[:45]), ADDRESS_LIMIT, now))


async def _limit_reached(failures, limit: int, now: datetime) -> bool:
    """True when the last `limit` failures fell within one window and the newest is less than a window old."""
    times = cast(list[datetime], await failures.filter(created_at__gt=now - 2 * LOCKOUT_WINDOW)
                 .order_by('-created_at').limit(limit).values_list('created_at', flat=True))
    return len(times) == limit and times[0] - times[-1] <= LOCKOUT_WINDOW and now - times[0] < LOCKOUT_WINDOW


async def portal_is_open() -> bool:
    enabled = cast(list[bool], await Business.all().limit(1).values_list('portal_enabled', flat=True))
    return not enabled or enabled[0]


async def complete_sign_in(handoff: str, browser_id: str) -> tuple[SessionKind, str] | None:
    """Exchange a handoff code for a new session key, once, in the browser that signed in."""
    if not handoff or len(handoff) > 100:
        return None
    now = clock.now()
    session = await Session.get_or_none(handoff_hash=tokens.digest(handoff))
    if session is None or session.browser_hash != tokens.digest(browser_id) \
            or now - session.created_at > HANDOFF_TIMEOUT:
        return None
    key = tokens.new_secret()
    claimed = await Session.filter(Q(id=session.id) & Q(handoff_hash=session.handoff_hash)) \
        .update(handoff_hash=None, key_hash=tokens.digest(key), last_seen_at=now)
    return (session.kind, key) if claimed == 1 else None


async def purge_expired() -> int:
    """Drop sessions, failure records and waiting second steps nobody can use any more."""
    now = clock.now()
    removed = await Session.filter(Q(expires_at__lte=now) | Q(last_seen_at__lt=now - IDLE_TIMEOUT)).delete()
    await LoginFailure.filter(created_at__lt=now - 2 * LOCKOUT_WINDOW).delete()
    await PendingSignIn.filter(expires_at__lte=now).delete()
    return removed
