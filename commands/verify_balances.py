"""Check the stored balances against documents and payments:

    .venv/bin/python -m commands.verify_balances [--repair]

Prints every stored figure that disagrees and exits 1 when any does, 0 when all agree. With --repair it rebuilds
every figure from documents and payments (in one transaction) and checks again.
"""
from __future__ import annotations

import argparse
import asyncio
import sys

from tortoise.transactions import in_transaction

from commands import with_database
from domain.balances.rebuild import disagreements, rebuild


async def verify(repair: bool) -> int:
    found = await disagreements()
    for line in found:
        print(line)
    if found and repair:
        async with in_transaction():
            await rebuild()
        found = await disagreements()
        print(f'rebuilt; {len(found)} figures still disagree' if found else 'rebuilt; every figure agrees')
    elif not found:
        print('every stored balance agrees with the documents and payments')
    return 1 if found else 0


async def run(repair: bool, database_url: str | None = None) -> int:
    return await with_database(lambda: verify(repair), database_url)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--repair', action='store_true', help='rebuild every figure from documents and payments')
    parser.add_argument('--database-url', default=None, help='instead of DATABASE_URL')
    args = parser.parse_args()
    sys.exit(asyncio.run(run(args.repair, args.database_url)))


if __name__ == '__main__':
    main()
