"""Server-side sessions as every use case sees them: is this actor still signed in, and ending sessions.

A session ends after 30 idle minutes or at its absolute expiry (set when it starts, see `access/auth.py`), at
sign-out, or when staff take the person's access away. Every use case calls `check(actor)` before it acts.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar, Token
from datetime import timedelta
from typing import Generic, TypeVar

from tortoise.transactions import in_transaction

from domain import audit, clock, tokens
from domain.actors import Actor, PortalActor, StaffActor
from domain.errors import SessionEnded
from domain.models import PortalAccess, Session, SessionKind, sql
from domain.models.people import person_name

IDLE_TIMEOUT = timedelta(minutes=30)
TOUCH_EVERY = timedelta(seconds=60)

T = TypeVar('T')

_passive: ContextVar[bool] = ContextVar('passive', default=False)


class PageLoadRead(Generic[T]):
    """A value the middleware read for one page load, which that page load's use cases reuse instead of reading it
    again (the session, the business row).

    It lives in the request's context, so it never outlives the request; tasks the page starts inherit that
    context, so the value also counts only for `SECONDS`: every event and live update after the page load reads
    afresh. The middleware `keep`s it and `drop`s it with the token at the request's end.
    """

    SECONDS = 2.0  # a page load, never the life of the page after it

    def __init__(self, name: str) -> None:
        self._read: ContextVar[tuple[float, T] | None] = ContextVar(name, default=None)

    def keep(self, value: T) -> Token:
        return self._read.set((time.monotonic(), value))

    def drop(self, token: Token) -> None:
        self._read.reset(token)

    def fresh(self) -> tuple[T] | None:
        """`(value,)` while it counts, else None (the value itself may be None)."""
        read = self._read.get()
        return (read[1],) if read is not None and time.monotonic() - read[0] < self.SECONDS else None


_vouched: PageLoadRead[int] = PageLoadRead('vouched session')


_PERSON = ('SELECT s.id, s.kind, s.last_seen_at, s.expires_at, p.id AS person_id, p.contact_id, p.first_name, '
           'p.last_name, p.email, p.language, p.portal_access '
           'FROM "session" s LEFT JOIN contact_person p ON p.id = s.person_id WHERE s.kind = ? AND ')
_STAFF = ('SELECT s.id, s.kind, s.last_seen_at, s.expires_at, u.id AS staff_id, u.name, u.email, u.is_owner, '
          'u.must_change_password, u.language, u.is_active, u.may_run_jobs '
          'FROM "session" s LEFT JOIN staff_user u ON u.id = s.staff_id WHERE s.kind = ? AND ')


async def resolve_session(kind: SessionKind, key: str | None) -> Actor | None:
    """The actor behind a session cookie, or None when it is missing, expired, or its person lost access."""
    if not key or len(key) > 100:
        return None
    return await _actor(await _read(kind, 's.key_hash = ?', tokens.digest(key)))


async def _read(kind: SessionKind, condition: str, value: object) -> dict | None:
    """The session with its person's or staff member's fields, read on every page load (see domain/models/sql.py)."""
    found = await sql.rows((_STAFF if kind == SessionKind.STAFF else _PERSON) + condition + ' LIMIT 1',
                           [kind.value, value])
    return found[0] if found else None


async def _actor(row: dict | None) -> Actor | None:
    if row is None:
        return None
    now = clock.now()
    last_seen, expires = sql.moment(row['last_seen_at']), sql.moment(row['expires_at'])
    if now - last_seen > IDLE_TIMEOUT or now >= expires:
        await Session.filter(id=row['id']).delete()
        return None
    if now - last_seen > TOUCH_EVERY and not _passive.get():
        await Session.filter(id=row['id']).update(last_seen_at=now)
    if row['kind'] == SessionKind.STAFF:
        if row['staff_id'] is None or not sql.flag(row['is_active']):
            return None
        return StaffActor(session_id=row['id'], staff_id=row['staff_id'], name=row['name'], email=row['email'],
                          is_owner=sql.flag(row['is_owner']),
                          must_change_password=sql.flag(row['must_change_password']), language=row['language'],
                          may_run_jobs=sql.flag(row['may_run_jobs']))
    if row['person_id'] is None or row['portal_access'] != PortalAccess.ACTIVE:
        return None
    return PortalActor(session_id=row['id'], person_id=row['person_id'], contact_id=row['contact_id'],
                       name=person_name(row['first_name'], row['last_name'], row['email']), email=row['email'],
                       language=row['language'])


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


def is_passive() -> bool:
    """Whether this runs inside `passive`: for someone else's change, not for what the person did."""
    return _passive.get()


def vouch(actor: Actor) -> Token:
    """The middleware has just resolved this actor's session: the use cases of the same page load need not read it
    again (see `PageLoadRead`). `unvouch` at the request's end."""
    return _vouched.keep(actor.session_id)


def unvouch(token: Token) -> None:
    _vouched.drop(token)


async def check(actor: Actor) -> None:
    """Make sure the actor's session is still alive; every use case calls this before it acts."""
    if _vouched.fresh() == (actor.session_id,):
        return
    kind = SessionKind.STAFF if isinstance(actor, StaffActor) else SessionKind.PORTAL
    if await _actor(await _read(kind, 's.id = ? AND s.key_hash IS NOT NULL', actor.session_id)) is None:
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
    async with in_transaction():
        await Session.filter(id=actor.session_id).delete()
        await audit.record(actor, audit.Action.SIGN_OUT)


async def end_sessions(*, person_id: int | None = None, staff_id: int | None = None,
                       keep_session_id: int | None = None) -> int:
    """End every session of one person or staff user, except possibly the current one."""
    query = Session.filter(person_id=person_id) if person_id is not None else Session.filter(staff_id=staff_id)
    if keep_session_id is not None:
        query = query.exclude(id=keep_session_id)
    return await query.delete()
