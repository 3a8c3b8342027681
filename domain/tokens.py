"""Random secrets handed to browsers and emails; the database keeps only their SHA-256."""
from __future__ import annotations

import hashlib
import secrets
from datetime import timedelta

from tortoise.expressions import Q

from . import clock
from .models import AccessToken, ContactPerson, TokenPurpose


def new_secret() -> str:
    return secrets.token_urlsafe(32)  # 256 bits


def digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


async def issue(person: ContactPerson, purpose: TokenPurpose, valid_for: timedelta, *, new_email: str = '') -> str:
    """Create a single-use link token for `person`, voiding any earlier unused one for the same purpose.

    Call it inside the transaction that also writes the email carrying the token.
    """
    now = clock.now()
    await void(person, purpose)
    secret = new_secret()
    await AccessToken.create(person=person, purpose=purpose, token_hash=digest(secret), expires_at=now + valid_for,
                             new_email=new_email)
    return secret


async def void(person: ContactPerson, purpose: TokenPurpose) -> None:
    """Make every unused link of `person` for `purpose` unusable."""
    await AccessToken.filter(person=person, purpose=purpose, used_at=None).update(used_at=clock.now())


async def find_valid(secret: str, purpose: TokenPurpose) -> AccessToken | None:
    """The unused, unexpired token for `secret`, with its person, or None."""
    if not secret or len(secret) > 100:
        return None
    return await AccessToken.filter(token_hash=digest(secret), purpose=purpose, used_at=None,
                                    expires_at__gt=clock.now()).select_related('person').first()


async def use(token: AccessToken) -> bool:
    """Mark the token used; False if another request used it first."""
    updated = await AccessToken.filter(Q(id=token.id) & Q(used_at=None)).update(used_at=clock.now())
    return updated == 1
