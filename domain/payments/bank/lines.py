"""A statement line as read from a file, before anything is stored. No I/O here."""
from __future__ import annotations

import hashlib
from dataclasses import dataclass
from datetime import date

MAX_STATEMENT = 10 * 1024 * 1024  # bytes: a larger file is refused while it streams


class StatementUnreadable(ValueError):
    """The file is not a statement of the kind chosen, or a line does not fit: nothing of it is used."""


@dataclass(frozen=True)
class StatementLine:
    account: str  # the IBAN (or the mapping's account) the statement is for
    booked_on: date
    amount: int  # minor units; credits only are kept
    currency: str
    payer: str
    remittance: str  # unstructured text, joined
    reference: str  # a structured creditor reference, if the payer gave one
    booking_ref: str  # the bank's own reference for the booking, if any
    occurrence: int = 0  # among lines of one file identical in everything else

    def key(self) -> str:
        """Unique per line: account and booking reference when the bank gives one, else a hash of the line."""
        if self.booking_ref:
            basis = f'ref|{self.account}|{self.booking_ref}'
        else:
            basis = '|'.join(('line', self.account, self.booked_on.isoformat(), str(self.amount), self.currency,
                              self.payer, self.remittance, self.reference, str(self.occurrence)))
        return hashlib.sha256(basis.encode()).hexdigest()


def numbered(lines: list[StatementLine]) -> list[StatementLine]:
    """Lines without a booking reference that look alike get an occurrence number, so each keeps its own key."""
    seen: dict[str, int] = {}
    result = []
    for line in lines:
        if line.booking_ref:
            result.append(line)
            continue
        basis = line.key()
        count = seen.get(basis, 0)
        seen[basis] = count + 1
        result.append(line if count == 0 else StatementLine(**{**line.__dict__, 'occurrence': count}))
    return result
