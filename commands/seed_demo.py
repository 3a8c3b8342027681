"""`python -m commands.seed_demo`: the demo business, its clients and documents, only on an empty database."""
from __future__ import annotations

import asyncio

from commands import with_database
from domain.overview.demo import seed


async def main() -> None:
    print('Demo data created.' if await with_database(seed) else 'The database already has data; nothing seeded.')


if __name__ == '__main__':
    asyncio.run(main())
