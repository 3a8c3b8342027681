"""Command-line entry points for whoever runs the server: each wires the database (`integrations.database`) to a use
case of `domain`, as app.py wires the pages. `python -m commands.NAME`:

- `seed_demo`: demo data on an empty database (`make run` and `make cluster` call it)
- `verify_balances [--repair]`: recompute the stored balances from documents and payments
- `reset_second_factor STAFF_EMAIL`: turn off a staff user's two-step sign-in (a lost phone and lost codes)
- `backup [--folder DIR]`, `restore FILE [--force]`: a backup of the database and attached files, and restoring one
  (`make backup`, `make restore FILE=...`; they call integrations/backup/)
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TypeVar

from tortoise import Tortoise

from integrations.database import tortoise_config

T = TypeVar('T')


async def with_database(work: Callable[[], Awaitable[T]], database_url: str | None = None) -> T:
    """Run `work` with the database of DATABASE_URL (or `database_url`) open, and close it after."""
    await Tortoise.init(config=tortoise_config(database_url))
    try:
        return await work()
    finally:
        await Tortoise.close_connections()
