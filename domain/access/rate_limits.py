"""Limits on how often something may happen, counted in the database so that every app process sees the same count.

`allow(scope, key, limit, window)` records one attempt and says whether it is within the limit. It is safe against
processes racing: each attempt is inserted first, then it counts only the attempts inserted before it (lower ids),
so of two attempts arriving together at the limit one is let through and the other is refused, never both.
Refused attempts are not kept, so someone who keeps trying is let in again once their earlier attempts age out.
"""
from __future__ import annotations

from datetime import timedelta

from domain import clock, tokens
from domain.models import RateLimitHit


async def allow(scope: str, key: str, limit: int, window: timedelta) -> bool:
    now = clock.now()
    since = now - window
    digest = tokens.digest(f'{scope}:{key}')
    hit = await RateLimitHit.create(scope=scope, key=digest, created_at=now)
    earlier = await RateLimitHit.filter(scope=scope, key=digest, created_at__gt=since, id__lt=hit.id).count()
    if earlier >= limit:
        await RateLimitHit.filter(id=hit.id).delete()
        return False
    await RateLimitHit.filter(scope=scope, created_at__lte=since).delete()  # one index range: cheap
    return True
