"""Reading a CSV bank statement with a column mapping staff chose: which header holds the date, the amount, the
payer, the remittance text and (when there is one) the currency, the creditor reference and the bank's booking
reference. The whole file is read first; a file that does not fit its mapping gives nothing, with the reason."""
from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal, InvalidOperation

from domain.formats import _
from domain.formats.numbers import decimals
from domain.payments.bank.lines import StatementLine, StatementUnreadable, numbered

FIELDS = ('date', 'amount', 'currency', 'payer', 'remittance', 'reference', 'booking_ref')
REQUIRED = ('date', 'amount')
DATE_FORMATS = ('%Y-%m-%d', '%d.%m.%Y', '%d/%m/%Y', '%m/%d/%Y')
DELIMITERS = (',', ';', '\t', '|')


@dataclass(frozen=True)
class Mapping:
    columns: dict[str, str]  # field -> header
    delimiter: str = ','
    decimal_comma: bool = False
    date_format: str = '%Y-%m-%d'
    account: str = ''
    currency: str = ''  # when the file has no currency column: the business's


def _decode(data: bytes) -> str:
    for encoding in ('utf-8-sig', 'cp1252'):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise StatementUnreadable(_('The file is not text.'))


def _money(text: str, currency: str, decimal_comma: bool, row: int) -> int:
    cleaned = text.strip().replace(' ', '').replace('\u00a0', '')
    cleaned = cleaned.replace('.', '').replace(',', '.') if decimal_comma else cleaned.replace(',', '')
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise StatementUnreadable(_('Row {row}: the amount "{value}" is not a number with this mapping.').format(
            row=row, value=text[:40])) from None
    return int(value.scaleb(decimals(currency)).to_integral_value())


def parse_csv(data: bytes, mapping: Mapping) -> list[StatementLine]:
    """The credits of the file (positive amounts); StatementUnreadable with the reason when it does not fit."""
    if b'\x00' in data:
        raise StatementUnreadable(_('The file is not text.'))
    reader = csv.reader(io.StringIO(_decode(data), newline=''), delimiter=mapping.delimiter)
    try:
        header = [cell.strip() for cell in next(reader)]
    except (StopIteration, csv.Error):
        raise StatementUnreadable(_('The file is empty.')) from None
    missing = [h for key, h in mapping.columns.items() if h and key in FIELDS and h not in header]
    if missing:
        raise StatementUnreadable(_('The file has no column named {names}: it does not fit this mapping.').format(
            names=', '.join(f'"{name}"' for name in missing)))
    where = {key: header.index(h) for key, h in mapping.columns.items() if h and key in FIELDS}
    lines: list[StatementLine] = []
    try:
        for row_number, row in enumerate(reader, start=2):
            if not any(cell.strip() for cell in row):
                continue
            if len(row) < len(header):
                raise StatementUnreadable(_('Row {row} has {count} columns, the header {expected}.').format(
                    row=row_number, count=len(row), expected=len(header)))

            def cell(key: str, row: list[str] = row) -> str:
                return ' '.join(row[where[key]].split()) if key in where else ''
            currency = (cell('currency') or mapping.currency).upper()
            if not re.fullmatch(r'[A-Z]{3}', currency):
                raise StatementUnreadable(_('Row {row}: "{value}" is not a currency.').format(
                    row=row_number, value=currency[:10]))
            amount = _money(cell('amount'), currency, mapping.decimal_comma, row_number)
            try:
                booked_on = datetime.strptime(cell('date'), mapping.date_format).date()
            except ValueError:
                raise StatementUnreadable(_('Row {row}: the date "{value}" does not fit this mapping.').format(
                    row=row_number, value=cell('date')[:20])) from None
            if amount <= 0:
                continue  # money going out
            lines.append(StatementLine(mapping.account[:70], booked_on, amount, currency, cell('payer')[:200],
                                       cell('remittance')[:2000], cell('reference')[:35], cell('booking_ref')[:100]))
    except csv.Error as error:
        raise StatementUnreadable(_('The file is not a CSV file this mapping can read.')) from error
    return numbered(lines)

