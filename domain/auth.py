"""Signing in and out of both sides, server-side sessions, and the lockout after repeated failures.

A sign-in happens in two steps. The page checks the password and gets a one-time handoff code bound to the
browser; the browser then exchanges that code in a normal HTTP request, whose response sets the session cookie
(HttpOnly, so no script ever sees the session key). The session key is new at every sign-in.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import datetime, timedelta

from tortoise.expressions import Q

from . import clock, form_input, tokens
from .actors import Actor, PortalActor, StaffActor
from .errors import Invalid, NotAllowed, RateLimited, SessionEnded
from .models import Business, ContactPerson, LoginFailure, PortalAccess, Session, SessionKind, StaffUser
from .passwords import MAX_BYTES, verify_password

IDLE_TIMEOUT = timedelta(minutes=30)
ABSOLUTE_TIMEOUT = timedelta(hours=12)
HANDOFF_TIMEOUT = timedelta(seconds=60)
TOUCH_EVERY = timedelta(seconds=60)
LOCKOUT_WINDOW = timedelta(minutes=15)
ACCOUNT_LIMIT = 5
ADDRESS_LIMIT = 20
MAX_EMAIL = 254

_passive: ContextVar[bool] = ContextVar('passive', default=False)

WRONG_CREDENTIALS = 'The email or password is not right.'
LOCKED = 'Too many failed sign-in attempts. Please wait 15 minutes and try again.'


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
        fields['email'] = 'Enter your email address.'
    elif len(email) > MAX_EMAIL or '@' not in email or form_input.has_control(email):
        fields['email'] = 'Enter a valid email address.'
    if not password:
        fields['password'] = 'Enter your password.'
    elif len(password.encode()) > MAX_BYTES:
        fields['password'] = 'That password is too long to be right.'
    if fields:
        raise Invalid(fields)


async def sign_in(kind: SessionKind, email: str, password: str, client: Client) -> str:
    """Check the credentials and return a one-time handoff code for `complete_sign_in`.

    Unknown email and wrong password fail alike. After 5 failures for one account or 20 from one address
    within 15 minutes, attempts are refused for 15 minutes from the last failure.
    """
    check_sign_in_input(email, password)
    email = normalize_email(email)
    account_key = tokens.digest(f'{kind}:{email}')
    now = clock.now()
    if await _locked(account_key, client.ip, now):
        raise RateLimited(LOCKED)

    if kind == SessionKind.STAFF:
        staff = await StaffUser.get_or_none(email=email, is_active=True)
        person = None
        hashed = staff.password_hash if staff else None
    else:
        staff = None
        person = await ContactPerson.get_or_none(email=email, portal_access=PortalAccess.ACTIVE)
        hashed = person.password_hash if person else None
    if not await verify_password(password, hashed):
        await LoginFailure.create(kind=kind, account_key=account_key, ip=client.ip[:45], created_at=now)
        raise NotAllowed(WRONG_CREDENTIALS)
    if person is not None and not await portal_is_open():
        raise NotAllowed('The client portal is closed at the moment. Please contact the business.')

    await LoginFailure.filter(account_key=account_key).delete()
    return await start_session(kind, client, person=person, staff=staff)


async def start_session(kind: SessionKind, client: Client, *, person: ContactPerson | None = None,
                        staff: StaffUser | None = None) -> str:
    """Open a session for someone whose identity is proven (a password, an invitation or a reset link) and return
    the one-time handoff code the browser exchanges at /auth/complete."""
    now = clock.now()
    handoff = tokens.new_secret()
    await Session.create(
        kind=kind, person=person, staff=staff, handoff_hash=tokens.digest(handoff),
        browser_hash=tokens.digest(client.browser_id), created_at=now, last_seen_at=now,
        expires_at=now + ABSOLUTE_TIMEOUT, ip=client.ip[:45], user_agent=client.user_agent[:200],
    )
    if person is not None:
        await ContactPerson.filter(id=person.id).update(last_sign_in_at=now)
    return handoff


async def confirm_password(kind: SessionKind, email: str, password: str, hashed: str | None, ip: str) -> bool:
    """Check the current password of someone signed in (before changing their password or email).

    A wrong one counts towards the same lockout as a failed sign-in, so a left-open session cannot be used to
    guess the password; while locked, even the right one raises RateLimited.
    """
    account_key = tokens.digest(f'{kind}:{normalize_email(email)}')
    now = clock.now()
    if await _locked(account_key, ip, now):
        raise RateLimited(LOCKED)
    if len(password.encode()) <= MAX_BYTES and await verify_password(password, hashed):
        return True
    await LoginFailure.create(kind=kind, account_key=account_key, ip=ip[:45], created_at=now)
    return False


async def clear_failures(kind: SessionKind, email: str) -> None:
    """Forget the failed sign-ins of an account, e.g. once its password has been reset."""
    await LoginFailure.filter(account_key=tokens.digest(f'{kind}:{normalize_email(email)}')).delete()


async def _locked(account_key: str, ip: str, now: datetime) -> bool:
    return (await _limit_reached(LoginFailure.filter(account_key=account_key), ACCOUNT_LIMIT, now)
            or await _limit_reached(LoginFailure.filter(ip=ip[:45]), ADDRESS_LIMIT, now))


async def _limit_reached(failures, limit: int, now: datetime) -> bool:
    """True when the last `limit` failures fell within one window and the newest is less than a window old."""
    times = await failures.filter(created_at__gt=now - 2 * LOCKOUT_WINDOW) \
        .order_by('-created_at').limit(limit).values_list('created_at', flat=True)
    return len(times) == limit and times[0] - times[-1] <= LOCKOUT_WINDOW and now - times[0] < LOCKOUT_WINDOW


async def portal_is_open() -> bool:
    enabled = await Business.all().limit(1).values_list('portal_enabled', flat=True)
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


async def resolve_session(kind: SessionKind, key: str | None) -> Actor | None:
    """The actor behind a session cookie, or None when it is missing, expired, or its person lost access."""
    if not key or len(key) > 100:
        return None
    session = await Session.get_or_none(key_hash=tokens.digest(key), kind=kind) \
        .select_related('person', 'staff')
    if session is None:
        return None
    return await _actor(session)


async def _actor(session: Session) -> Actor | None:
    now = clock.now()
    if now - session.last_seen_at > IDLE_TIMEOUT or now >= session.expires_at:
        await session.delete()
        return None
    if now - session.last_seen_at > TOUCH_EVERY and not _passive.get():
        await Session.filter(id=session.id).update(last_seen_at=now)
    if session.kind == SessionKind.STAFF:
        staff = session.staff
        if staff is None or not staff.is_active:
            return None
        return StaffActor(session_id=session.id, staff_id=staff.id, name=staff.name, email=staff.email,
                          is_owner=staff.is_owner, must_change_password=staff.must_change_password)
    person = session.person
    if person is None or person.portal_access != PortalAccess.ACTIVE:
        return None
    return PortalActor(session_id=session.id, person_id=person.id, contact_id=person.contact_id,  # type: ignore[attr-defined]
                       name=person.name, email=person.email)


@contextmanager
def passive() -> Iterator[None]:
    """Reads made inside do not count as the person being active.

    A page that redraws itself because of someone else's change (a live update) must not keep an idle session
    alive: only what the person does resets the 30-minute idle timeout.
    """
    token = _passive.set(True)
    try:
        yield
    finally:
        _passive.reset(token)


async def check(actor: Actor) -> None:
    """Make sure the actor's session is still alive; every use case calls this before it acts."""
    session = await Session.get_or_none(id=actor.session_id, key_hash__isnull=False).select_related('person', 'staff')
    if session is None or await _actor(session) is None:
        raise SessionEnded


async def alive(actors: list[Actor]) -> set[int]:
    """The session ids among `actors` that are still alive: `check` for many at once, in one query.

    For the moments when one event wakes many open pages that each need to know their person may still read. Like
    any read on someone else's behalf it keeps no session alive (see `passive`).
    """
    now = clock.now()
    rows = await Session.filter(id__in={actor.session_id for actor in actors}, key_hash__isnull=False).values(
        'id', 'kind', 'last_seen_at', 'expires_at', 'staff__is_active', 'person__portal_access')
    ended = [row['id'] for row in rows if now - row['last_seen_at'] > IDLE_TIMEOUT or now >= row['expires_at']]
    if ended:
        await Session.filter(id__in=ended).delete()
    living = [row for row in rows if row['id'] not in ended and (
        row['staff__is_active'] if row['kind'] == SessionKind.STAFF else
        row['person__portal_access'] == PortalAccess.ACTIVE)]
    return {row['id'] for row in living}


async def sign_out(actor: Actor) -> None:
    await Session.filter(id=actor.session_id).delete()


async def end_sessions(*, person_id: int | None = None, staff_id: int | None = None,
                       keep_session_id: int | None = None) -> int:
    """End every session of one person or staff user, except possibly the current one."""
    query = Session.filter(person_id=person_id) if person_id is not None else Session.filter(staff_id=staff_id)
    if keep_session_id is not None:
        query = query.exclude(id=keep_session_id)
    return await query.delete()


async def purge_expired() -> int:
    """Drop sessions and failure records nobody can use any more."""
    now = clock.now()
    removed = await Session.filter(Q(expires_at__lte=now) | Q(last_seen_at__lt=now - IDLE_TIMEOUT)).delete()
    await LoginFailure.filter(created_at__lt=now - 2 * LOCKOUT_WINDOW).delete()
    return removed
