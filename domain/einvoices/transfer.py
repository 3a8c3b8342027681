"""Bank transfer: the ISO 11649 RF creditor reference that identifies an invoice, and what an EPC QR code
(GiroCode) of a payment holds. No I/O here.

The reference is 'RF', two check digits, and the invoice's number without its dash: INV-000012 -> RF63INV000012.
A transfer that quotes it finds its invoice again (`number_from_reference`), written with spaces or without.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from stdnum import iso11649
from stdnum.exceptions import ValidationError
from stdnum.iso7064 import mod_97_10

MAX_EPC_AMOUNT = 99_999_999_999  # EUR 999,999,999.99: the most an EPC QR code may ask for


def creditor_reference(number: str) -> str:
    """The RF reference of a document number (letters and digits, at most 21 of them)."""
    body = re.sub(r'[^0-9A-Z]', '', number.upper())[:21]
    check = mod_97_10.calc_check_digits(body + 'RF')
    return f'RF{check}{body}'


def readable(reference: str) -> str:
    """'RF63 INV0 0001 2': in groups of four, as people copy it."""
    return iso11649.format(reference)


def body_of(reference: str) -> str | None:
    """What a typed RF reference identifies ('INV000012'), or None when it is not one (or its check digits fail)."""
    try:
        return iso11649.validate(reference)[4:]
    except ValidationError:
        return None


def number_key(number: str) -> str:
    """A document number as its reference writes it, to find it again: 'INV-000012' -> 'INV000012'."""
    return re.sub(r'[^0-9A-Z]', '', number.upper())[:21]


@dataclass(frozen=True)
class TransferDetails:
    """What a person needs to pay an invoice by bank transfer, and what its EPC QR code holds."""
    account_name: str
    iban: str
    bic: str
    amount: int  # minor units of EUR
    reference: str

    @property
    def qr_possible(self) -> bool:
        return 0 < self.amount <= MAX_EPC_AMOUNT


def transfer_details(*, iban: str, bic: str, account_name: str, currency: str, due: int,
                     number: str) -> TransferDetails | None:
    """Transfer details for an invoice: only with an IBAN, in EUR, with something still due."""
    if not iban or currency != 'EUR' or due <= 0:
        return None
    return TransferDetails(account_name[:70], iban, bic, due, creditor_reference(number))
