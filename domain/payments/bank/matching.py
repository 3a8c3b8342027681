"""Which open invoice an incoming credit pays: by the structured RF creditor reference of the invoice (ISO 11649),
else by the invoice number in the remittance text, else by the amount together with the payer's name. No I/O here.

Every open invoice is indexed once (by its number as a reference writes it, and by balance), so a statement of
thousands of lines against thousands of invoices is matched in one pass over the lines.
"""
from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from domain.einvoices.transfer import body_of, number_key
from domain.payments.bank.lines import StatementLine

RF = re.compile(r'RF\d{2}(?:\s?[0-9A-Z]){1,21}')
WORD = re.compile(r'[0-9A-Z]+')
NAME_WORDS_IGNORED = {'GMBH', 'AG', 'KG', 'LTD', 'LIMITED', 'INC', 'LLC', 'SA', 'SAS', 'SARL', 'SL', 'BV', 'NV',
                      'CORP', 'CORPORATION', 'CO', 'THE', 'UND', 'AND', 'ET', 'Y'}


@dataclass(frozen=True)
class OpenInvoice:
    id: int
    number: str
    contact_id: int
    contact_name: str
    balance: int
    currency: str


@dataclass(frozen=True)
class Suggestion:
    invoice_id: int | None
    basis: str  # reference | number | amount_name | '' (none found)


def _name_words(name: str) -> set[str]:
    return {w for w in WORD.findall(name.upper()) if len(w) > 1 and w not in NAME_WORDS_IGNORED}


def names_agree(payer: str, contact: str) -> bool:
    """The payer's name and the contact's share most of the contact's distinctive words."""
    theirs, ours = _name_words(payer), _name_words(contact)
    if not theirs or not ours:
        return False
    return len(theirs & ours) * 2 >= len(ours)


class Matcher:
    def __init__(self, invoices: Iterable[OpenInvoice]) -> None:
        self.by_key: dict[str, OpenInvoice] = {}
        self.by_amount: dict[tuple[int, str], list[OpenInvoice]] = defaultdict(list)
        for invoice in invoices:
            self.by_key.setdefault(number_key(invoice.number), invoice)
            self.by_amount[invoice.balance, invoice.currency].append(invoice)

    def _by_reference(self, line: StatementLine) -> OpenInvoice | None:
        """The structured reference, else an RF reference written in the text (with or without spaces, followed
        by other words: the longest run whose check digits hold)."""
        if line.reference:
            body = body_of(line.reference.replace(' ', ''))
            if body and body in self.by_key:
                return self.by_key[body]
        for found in RF.finditer(line.remittance.upper()):
            run = found.group(0).replace(' ', '')
            for end in range(len(run), 4, -1):
                body = body_of(run[:end])
                if body and body in self.by_key:
                    return self.by_key[body]
        return None

    def _by_number(self, line: StatementLine) -> OpenInvoice | None:
        words = WORD.findall(line.remittance.upper())
        found: dict[int, OpenInvoice] = {}
        for index, word in enumerate(words):
            for key in (word, word + words[index + 1] if index + 1 < len(words) else ''):
                if key and key in self.by_key:
                    found.setdefault(self.by_key[key].id, self.by_key[key])
        return next(iter(found.values())) if len(found) == 1 else None

    def _by_amount_and_name(self, line: StatementLine) -> OpenInvoice | None:
        fitting = [i for i in self.by_amount.get((line.amount, line.currency), [])
                   if names_agree(line.payer, i.contact_name)]
        return fitting[0] if len({i.contact_id for i in fitting}) == 1 and len(fitting) == 1 else None

    def suggest(self, line: StatementLine) -> Suggestion:
        for basis, find in (('reference', self._by_reference), ('number', self._by_number),
                            ('amount_name', self._by_amount_and_name)):
            invoice = find(line)
            if invoice is not None and invoice.currency == line.currency:
                return Suggestion(invoice.id, basis)
        return Suggestion(None, '')


def suggest_all(lines: Sequence[StatementLine], invoices: Iterable[OpenInvoice]) -> list[Suggestion]:
    matcher = Matcher(invoices)
    return [matcher.suggest(line) for line in lines]
