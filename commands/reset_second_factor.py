"""`python -m commands.reset_second_factor STAFF_EMAIL`: for an owner who lost both phone and recovery codes, whoever
runs the server turns their two-step sign-in off; they are signed out everywhere and emailed."""
from __future__ import annotations

import asyncio
import sys

from commands import with_database
from domain.access.second_factor_reset import reset_staff_factor_by_operator


async def main(email: str) -> None:
    done = await with_database(lambda: reset_staff_factor_by_operator(email))
    print(f'Two-step sign-in of {email} was reset; they were emailed.' if done
          else f'No staff user {email} with two-step sign-in on.')


if __name__ == '__main__':
    if len(sys.argv) != 2:
        sys.exit('usage: python -m commands.reset_second_factor STAFF_EMAIL')
    asyncio.run(main(sys.argv[1]))
