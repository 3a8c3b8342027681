"""Reading a CAMT.053 bank statement (ISO 20022 BankToCustomerStatement, any version 02 to 13) into its credits.

lxml reads it without entities, DTDs or network access, and a file with a DOCTYPE is refused outright. The whole
file is read before anything is returned: a file that breaks half-way gives nothing. One line per transaction
(an entry's TxDtls), or per entry when it has no details.
"""
from __future__ import annotations

import re
from datetime import date
from decimal import Decimal, InvalidOperation

from lxml import etree

from domain.formats import _
from domain.formats.numbers import decimals
from domain.payments.bank.lines import StatementLine, StatementUnreadable, numbered

NAMESPACE = re.compile(r'^urn:iso:std:iso:20022:tech:xsd:camt\.053\.001\.\d{2}$')


def _parser() -> etree.XMLParser:
    return etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
                           huge_tree=False, remove_comments=True, remove_pis=True)


def _local(element: etree._Element) -> str:
    return etree.QName(element).localname


def _child(element: etree._Element | None, *path: str) -> etree._Element | None:
    for name in path:
        if element is None:
            return None
        element = next((c for c in element if isinstance(c.tag, str) and _local(c) == name), None)
    return element


def _children(element: etree._Element | None, name: str) -> list[etree._Element]:
    if element is None:
        return []
    return [c for c in element if isinstance(c.tag, str) and _local(c) == name]


def _text(element: etree._Element | None, *path: str) -> str:
    found = _child(element, *path)
    return ' '.join((found.text or '').split()) if found is not None else ''


def _amount(element: etree._Element | None) -> tuple[int, str]:
    if element is None:
        raise StatementUnreadable(_('An entry has no amount.'))
    currency = (element.get('Ccy') or '').upper()
    try:
        value = Decimal((element.text or '').strip())
    except InvalidOperation:
        raise StatementUnreadable(_('An amount is not a number: {value}').format(value=(element.text or '')[:40])) \
            from None
    if not re.fullmatch(r'[A-Z]{3}', currency) or value < 0:
        raise StatementUnreadable(_('An amount has no valid currency.'))
    return int(value.scaleb(decimals(currency)).to_integral_value()), currency


def _day(entry: etree._Element) -> date:
    for path in (('BookgDt', 'Dt'), ('BookgDt', 'DtTm'), ('ValDt', 'Dt'), ('ValDt', 'DtTm')):
        text = _text(entry, *path)
        if text:
            try:
                return date.fromisoformat(text[:10])
            except ValueError:
                break
    raise StatementUnreadable(_('An entry has no valid booking date.'))


def _payer(details: etree._Element | None) -> str:
    parties = _child(details, 'RltdPties')
    for path in (('Dbtr', 'Nm'), ('Dbtr', 'Pty', 'Nm'), ('UltmtDbtr', 'Nm'), ('UltmtDbtr', 'Pty', 'Nm')):
        name = _text(parties, *path)
        if name:
            return name[:200]
    return ''


def parse_camt(data: bytes) -> list[StatementLine]:
    """Every credit of every statement in the file; StatementUnreadable when it is not CAMT.053 or breaks."""
    if b'<!DOCTYPE' in data[:4096].upper() or b'<!ENTITY' in data.upper():
        raise StatementUnreadable(_('This file declares a document type or entities, which a bank statement never '
                                    'does.'))
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError:
        raise StatementUnreadable(_('This is not a CAMT.053 statement: the file is not well-formed XML.')) from None
    namespace = etree.QName(root).namespace or ''
    statement = _child(root, 'BkToCstmrStmt')
    if _local(root) != 'Document' or not NAMESPACE.match(namespace) or statement is None:
        raise StatementUnreadable(_('This is not a CAMT.053 statement (ISO 20022 bank-to-customer statement).'))
    lines: list[StatementLine] = []
    for stmt in _children(statement, 'Stmt'):
        account = _text(stmt, 'Acct', 'Id', 'IBAN') or _text(stmt, 'Acct', 'Id', 'Othr', 'Id')
        for entry in _children(stmt, 'Ntry'):
            if _text(entry, 'CdtDbtInd') != 'CRDT' or _text(entry, 'RvslInd').lower() == 'true':
                continue
            booked_on = _day(entry)
            entry_amount, entry_currency = _amount(_child(entry, 'Amt'))
            entry_ref = _text(entry, 'AcctSvcrRef') or _text(entry, 'NtryRef')
            details = [d for block in _children(entry, 'NtryDtls') for d in _children(block, 'TxDtls')]
            for index, tx in enumerate(details or [None]):
                amount, currency = _amount(_child(tx, 'Amt')) if _child(tx, 'Amt') is not None \
                    else (entry_amount, entry_currency)
                if tx is not None and _text(tx, 'CdtDbtInd') == 'DBIT':
                    continue
                remittance = _child(tx, 'RmtInf')
                unstructured = ' '.join(_text(u) for u in _children(remittance, 'Ustrd'))
                if not unstructured and tx is None:
                    unstructured = _text(entry, 'AddtlNtryInf')
                structured = ' '.join(_text(s, 'CdtrRefInf', 'Ref') for s in _children(remittance, 'Strd')).strip()
                end_to_end = _text(tx, 'Refs', 'EndToEndId')
                booking_ref = _text(tx, 'Refs', 'AcctSvcrRef') or (f'{entry_ref}#{index}' if entry_ref else '') or (
                    f'e2e|{end_to_end}|{booked_on}|{amount}' if end_to_end not in ('', 'NOTPROVIDED') else '')
                lines.append(StatementLine(account[:70], booked_on, amount, currency, _payer(tx), unstructured[:2000],
                                           structured[:35], booking_ref[:100]))
    return numbered(lines)
