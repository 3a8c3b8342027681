"""Password rules and hashing.

bcrypt at cost 12 takes about a quarter of a second of one core. It runs in its own small pool of threads
(HASH_THREADS, one) at a lower priority, off the event loop and away from the default thread pool: a burst of
sign-ins then waits its turn in that pool instead of taking every core from the people loading pages.
"""
from __future__ import annotations

import asyncio
import os
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from functools import cache
from pathlib import Path
from typing import TypeVar

import bcrypt

from domain.errors import Invalid
from domain.form_input import has_control
from domain.formats import _

T = TypeVar('T')

MIN_LENGTH = 8
MAX_LENGTH = 64
MAX_BYTES = 72  # bcrypt reads no further
COST = 12
HASH_THREADS = 1  # of the two cores a small server has, hashing gets at most one


def _yield_to_pages() -> None:
    """Lower the hashing thread's priority (Linux: niceness is per thread), so the cores serve pages first."""
    try:
        os.setpriority(os.PRIO_PROCESS, threading.get_native_id(), 10)
    except (AttributeError, OSError):  # not Linux, or not allowed: hashing still runs in its one thread
        pass


_pool = ThreadPoolExecutor(max_workers=HASH_THREADS, thread_name_prefix='password-hash', initializer=_yield_to_pages)


@cache
def _common() -> frozenset[str]:
    text = (Path(__file__).parent / 'common_passwords.txt').read_text(encoding='utf-8')
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, *, email: str = '') -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return _('Use at least {count} characters.').format(count=MIN_LENGTH)
    if len(password) > MAX_LENGTH:
        return _('Use at most {limit} characters.').format(limit=MAX_LENGTH)
    if len(password.encode()) > MAX_BYTES:
        return _('Use at most {count} bytes (some characters take more than one).').format(count=MAX_BYTES)
    if has_control(password):
        return _('Use letters, digits, spaces and punctuation only: no control characters such as NUL or tab.')
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return _('This password is too common. Choose one that is harder to guess.')
    if email and lowered in {email.lower(), email.lower().split('@')[0]}:
        return _('Do not use your email address as your password.')
    return None


def check_new_password(password: str, confirmation: str | None = None, *, email: str = '',
                       field: str = 'password') -> None:
    """Raise Invalid, with the reason next to the field, unless the password can be used."""
    problem = password_problem(password, email=email)
    if problem:
        raise Invalid.field(field, problem)
    if confirmation is not None and confirmation != password:
        raise Invalid.field('confirm', _('The two passwords do not match.'))


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(COST)).decode()


def _verify(password: str, hashed: str | None) -> bool:
    data = password.encode()
    if len(data) > MAX_BYTES:
        return False
    return bcrypt.checkpw(data, (hashed or _dummy_hash()).encode())


async def _in_pool(function: Callable[..., T], *args: object) -> T:
    return await asyncio.get_running_loop().run_in_executor(_pool, function, *args)


async def hash_password(password: str) -> str:
    return await _in_pool(_hash, password)


async def verify_password(password: str, hashed: str | None) -> bool:
    """Check a password; without a hash it still spends the same time, so unknown emails are not revealed."""
    matches = await _in_pool(_verify, password, hashed)
    return matches and hashed is not None


@cache
def _dummy_hash() -> str:
    return _hash('not a password anyone has')
