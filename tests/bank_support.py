"""Bank statements written by the tests: CAMT.053 files built element by element after the ISO 20022
BankToCustomerStatement structure (Document/BkToCstmrStmt/GrpHdr, Stmt/Acct, Ntry with NtryDtls/TxDtls), never
copied from a bank, and CSV exports in two banks' layouts."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from lxml import etree

CAMT = 'urn:iso:std:iso:20022:tech:xsd:camt.053.001.08'
ACCOUNT = 'DE02120300000000202051'


@dataclass(frozen=True)
class Credit:
    amount: int  # cents
    payer: str = 'Acme Corporation'
    text: str = ''  # unstructured remittance
    reference: str = ''  # structured creditor reference
    booked: date = date(2026, 11, 30)
    currency: str = 'EUR'
    bank_ref: str = ''  # the bank's reference of the transaction
    debit: bool = False


def camt053(credits: list[Credit], *, account: str = ACCOUNT, namespace: str = CAMT) -> bytes:
    def sub(parent: etree._Element, name: str, text: str | None = None, **attributes: str) -> etree._Element:
        element = etree.SubElement(parent, f'{{{namespace}}}{name}', **attributes)
        if text is not None:
            element.text = text
        return element

    root = etree.Element(f'{{{namespace}}}Document', nsmap={None: namespace})
    statement = sub(root, 'BkToCstmrStmt')
    header = sub(statement, 'GrpHdr')
    sub(header, 'MsgId', 'STMT-TEST-1')
    sub(header, 'CreDtTm', '2026-12-01T06:00:00')
    stmt = sub(statement, 'Stmt')
    sub(stmt, 'Id', 'STMT-1')
    sub(stmt, 'CreDtTm', '2026-12-01T06:00:00')
    sub(sub(sub(stmt, 'Acct'), 'Id'), 'IBAN', account)
    for number, credit in enumerate(credits, start=1):
        entry = sub(stmt, 'Ntry')
        sub(entry, 'Amt', str(Decimal(credit.amount).scaleb(-2)), Ccy=credit.currency)
        sub(entry, 'CdtDbtInd', 'DBIT' if credit.debit else 'CRDT')
        sub(sub(entry, 'Sts'), 'Cd', 'BOOK')
        sub(sub(entry, 'BookgDt'), 'Dt', credit.booked.isoformat())
        sub(sub(entry, 'ValDt'), 'Dt', credit.booked.isoformat())
        sub(entry, 'AcctSvcrRef', credit.bank_ref or f'BANKREF-{number:06d}')
        transaction = sub(sub(entry, 'NtryDtls'), 'TxDtls')
        sub(sub(transaction, 'Refs'), 'EndToEndId', 'NOTPROVIDED')
        sub(sub(sub(sub(transaction, 'RltdPties'), 'Dbtr'), 'Pty'), 'Nm', credit.payer)
        remittance = sub(transaction, 'RmtInf')
        if credit.text:
            sub(remittance, 'Ustrd', credit.text)
        if credit.reference:
            creditor_ref = sub(sub(remittance, 'Strd'), 'CdtrRefInf')
            sub(sub(sub(creditor_ref, 'Tp'), 'CdOrPrtry'), 'Cd', 'SCOR')
            sub(creditor_ref, 'Ref', credit.reference)
    return etree.tostring(root, xml_declaration=True, encoding='UTF-8')


def csv_bank_a(credits: list[Credit]) -> bytes:
    """A bank that writes ISO dates, a dot for decimals and commas between columns."""
    rows = ['Booking date,Amount,Currency,Counterparty,Purpose,Transaction id']
    for number, credit in enumerate(credits, start=1):
        amount = Decimal(credit.amount if not credit.debit else -credit.amount).scaleb(-2)
        rows.append(f'{credit.booked.isoformat()},{amount},{credit.currency},"{credit.payer}","{credit.text}",'
                    f'{credit.bank_ref or f"A-{number}"}')
    return ('\n'.join(rows) + '\n').encode()


def csv_bank_b(credits: list[Credit]) -> bytes:
    """A German bank: day.month.year, a decimal comma, semicolons, no currency and no transaction id."""
    rows = ['Buchungstag;Auftraggeber;Verwendungszweck;Betrag']
    for credit in credits:
        amount = str(Decimal(credit.amount if not credit.debit else -credit.amount).scaleb(-2)).replace('.', ',')
        rows.append(f'{credit.booked:%d.%m.%Y};{credit.payer};{credit.text};{amount}')
    return ('\n'.join(rows) + '\n').encode('cp1252')
