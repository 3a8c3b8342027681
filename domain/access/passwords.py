"""Password rules and hashing. bcrypt at cost 12 runs in a thread so the event loop stays free."""
from __future__ import annotations

import asyncio
from functools import cache
from pathlib import Path

import bcrypt

from domain.errors import Invalid
from domain.form_input import has_control

MIN_LENGTH = 8
MAX_LENGTH = 64
MAX_BYTES = 72  # bcrypt reads no further
COST = 12


@cache
def _common() -> frozenset[str]:
    text = (Path(__file__).parent / 'common_passwords.txt').read_text(encoding='utf-8')
    return frozenset(line.strip().lower() for line in text.splitlines() if line.strip())


def password_problem(password: str, *, email: str = '') -> str | None:
    """Why a new password is refused, or None when it is acceptable."""
    if len(password) < MIN_LENGTH:
        return f'Use at least {MIN_LENGTH} characters.'
    if len(password) > MAX_LENGTH:
        return f'Use at most {MAX_LENGTH} characters.'
    if len(password.encode()) > MAX_BYTES:
        return f'Use at most {MAX_BYTES} bytes (some characters take more than one).'
    if has_control(password):
        return 'Use letters, digits, spaces and punctuation only: no control characters such as NUL or tab.'
    lowered = password.lower()
    if lowered in _common() or len(set(lowered)) <= 2:
        return 'This password is too common. Choose one that is harder to guess.'
    if email and lowered in {email.lower(), email.lower().split('@')[0]}:
        return 'Do not use your email address as your password.'
    return None


def check_new_password(password: str, confirmation: str | None = None, *, email: str = '',
                       field: str = 'password') -> None:
    """Raise Invalid, with the reason next to the field, unless the password can be used."""
    problem = password_problem(password, email=email)
    if problem:
        raise Invalid.field(field, problem)
    if confirmation is not None and confirmation != password:
        raise Invalid.field('confirm', 'The two passwords do not match.')


def _hash(password: str) -> str:
    return bcrypt.hashpw(password.encode(), bcrypt.gensalt(COST)).decode()


def _verify(password: str, hashed: str) -> bool:
    data = password.encode()
    if len(data) > MAX_BYTES:
        return False
    return bcrypt.checkpw(data, hashed.encode())


async def hash_password(password: str) -> str:
    return await asyncio.to_thread(_hash, password)


async def verify_password(password: str, hashed: str | None) -> bool:
    """Check a password; without a hash it still spends the same time, so unknown emails are not revealed."""
    matches = await asyncio.to_thread(_verify, password, hashed or _dummy_hash())
    return matches and hashed is not None


@cache
def _dummy_hash() -> str:
    return _hash('not a password anyone has')
