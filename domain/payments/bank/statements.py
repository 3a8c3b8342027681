"""Staff upload a bank statement and turn its credits into recorded bank-transfer payments.

`import_statement` reads the whole file first (nothing is stored from a file that breaks half-way), leaves out
credits in another currency than the business's (with the reason) and lines imported before (their key), and
stores the rest with the invoice the matching suggests. Each line then waits in the review list until staff
confirm it (with the suggested invoice or another: `confirm_line`) or skip it. Confirming claims the line and
records the payment through the offline payments' path in one transaction: a line pays at most once.
"""
from __future__ import annotations

from dataclasses import dataclass

from tortoise.exceptions import IntegrityError
from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents.rules import allocate_preferring
from domain.errors import Conflict, Invalid, NotFound
from domain.events import publish
from domain.formats import N_, _, money
from domain.formats.numbers import to_decimal
from domain.models import BankImport, BankLine, CsvMapping, Document, DocumentKind, PaymentMode
from domain.payments.bank.camt import parse_camt
from domain.payments.bank.csv_import import Mapping, parse_csv
from domain.payments.bank.lines import MAX_STATEMENT, StatementLine, StatementUnreadable
from domain.payments.bank.matching import OpenInvoice, suggest_all
from domain.payments.ledger import PAYABLE
from domain.payments.offline import PaymentDraft, open_invoices, payment_events, write_payment

INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]
TOO_LARGE = N_('A statement file can be at most 10 MB.')
CHUNK = 500  # keys looked up per query


@dataclass(frozen=True)
class Skipped:
    line: str  # the date, amount and payer, as the reader reads them
    reason: str


@dataclass(frozen=True)
class ImportResult:
    import_id: int
    new: int
    known: int  # imported before: left as they were
    skipped: list[Skipped]


def _printable(text: str) -> str:
    return ''.join(ch if ch.isprintable() else ' ' for ch in text)


async def read_lines(data: bytes, mapping_id: int | None) -> tuple[str, list[StatementLine]]:
    """The file's credits, read in full: ('camt' or 'csv', lines). Invalid at the field 'file' otherwise."""
    if len(data) > MAX_STATEMENT:
        raise Invalid.field('file', _(TOO_LARGE))
    try:
        if mapping_id is None:
            return 'camt', parse_camt(data)
        stored = await CsvMapping.get_or_none(id=mapping_id)
        if stored is None:
            raise NotFound(_('That column mapping no longer exists.'))
        mapping = Mapping(dict(stored.columns), stored.delimiter, stored.decimal_comma, stored.date_format,
                          stored.account, await business.currency())
        return 'csv', parse_csv(data, mapping)
    except StatementUnreadable as error:
        raise Invalid.field('file', str(error)) from None


async def open_for_matching() -> list[OpenInvoice]:
    rows = await Document.filter(kind__in=INVOICE_KINDS, status__in=PAYABLE, amount_paid__lt=F('total')) \
        .values('id', 'number', 'contact_id', 'contact__display_name', 'total', 'amount_paid', 'currency')
    return [OpenInvoice(r['id'], r['number'], r['contact_id'], r['contact__display_name'] or '',
                        r['total'] - r['amount_paid'], r['currency']) for r in rows]


async def import_statement(actor: StaffActor, file_name: str, data: bytes, mapping_id: int | None = None) \
        -> ImportResult:
    await sessions.check(actor)
    kind, lines = await read_lines(data, mapping_id)
    home = await business.currency()
    skipped = [Skipped(f'{line.booked_on.isoformat()} · {money(line.amount, line.currency)} · {line.payer}',
                       _('In {currency}, not in {home}: record it by hand if it pays an invoice.').format(
                           currency=line.currency, home=home))
               for line in lines if line.currency != home]
    kept = [line for line in lines if line.currency == home]
    keys = [line.key() for line in kept]
    known: set[str] = set()
    for start in range(0, len(keys), CHUNK):
        found = await BankLine.filter(key__in=keys[start:start + CHUNK]).values_list('key', flat=True)
        known.update(str(key) for key in found)
    new = [(key, line) for key, line in zip(keys, kept, strict=True) if key not in known]
    suggestions = suggest_all([line for _key, line in new], await open_for_matching())
    try:
        async with in_transaction():
            done = await BankImport.create(file_name=_printable(file_name)[:200] or 'statement', kind=kind,
                                           imported_at=clock.now(), imported_by_id=actor.staff_id,
                                           new_lines=len(new), known_lines=len(kept) - len(new),
                                           skipped_lines=len(skipped))
            await BankLine.bulk_create([BankLine(
                key=key, bank_import_id=done.id, account=line.account, booked_on=line.booked_on, amount=line.amount,
                currency=line.currency, payer=_printable(line.payer), remittance=_printable(line.remittance),
                reference=_printable(line.reference), booking_ref=_printable(line.booking_ref),
                suggested_id=suggestion.invoice_id, basis=suggestion.basis)
                for (key, line), suggestion in zip(new, suggestions, strict=True)], batch_size=CHUNK)
            await audit.record(actor, audit.Action.BANK_STATEMENT_IMPORTED, label=done.file_name,
                               after={'new_lines': len(new), 'known_lines': len(kept) - len(new),
                                      'skipped_lines': len(skipped)})
    except IntegrityError:
        raise Conflict(_('This statement was being imported at the same moment. Please look at the list again.')) \
            from None
    return ImportResult(done.id, len(new), len(kept) - len(new), skipped)


async def confirm_line(actor: StaffActor, line_id: int, invoice_id: int) -> int:
    """Record the line as a bank transfer paying `invoice_id` first (the rest, if any, to the contact's oldest
    invoices). Refused when the line was handled already. The payment id."""
    await sessions.check(actor)
    line = await BankLine.get_or_none(id=line_id)
    if line is None:
        raise NotFound(_('This statement line no longer exists. Please reload the page.'))
    if line.status != 'open':
        raise Conflict(_('This statement line was already handled.'))
    invoice = await Document.get_or_none(id=invoice_id, kind__in=INVOICE_KINDS)
    if invoice is None:
        raise NotFound(_('There is no such invoice.'))
    if invoice.currency != line.currency:
        raise Conflict(_('{number} is in {currency}, the credit in {other}.').format(
            number=invoice.number, currency=invoice.currency, other=line.currency))
    today = await business.today()
    rows = await open_invoices(invoice.contact_id, today)
    split = allocate_preferring(line.amount, [row.rule_input for row in rows], invoice.id)
    currency = line.currency
    draft = PaymentDraft(date=line.booked_on.isoformat(), amount=str(to_decimal(line.amount, currency)),
                         mode=PaymentMode.BANK_TRANSFER.value,
                         reference=(line.reference or line.booking_ref.split('|')[0] or '')[:100],
                         notes=' · '.join(part for part in (line.payer, line.remittance) if part)[:2000],
                         allocations={i: str(to_decimal(amount, currency)) for i, amount in split})
    async with in_transaction():
        claimed = await BankLine.filter(id=line.id, status='open').update(
            status='recorded', document_id=invoice.id, handled_at=clock.now(), handled_by_id=actor.staff_id)
        if not claimed:
            raise Conflict(_('This statement line was already handled.'))
        payment_id, applied = await write_payment(actor, invoice.contact_id, draft)
        await BankLine.filter(id=line.id).update(payment_id=payment_id)
        await audit.record(actor, audit.Action.BANK_LINE_MATCHED, on=invoice, note=line.payer[:200],
                           after=audit.snapshot({'amount': line.amount, 'booked_on': line.booked_on},
                                                currency=line.currency))
    await publish(*payment_events(invoice.contact_id, payment_id, applied))
    return payment_id


async def skip_line(actor: StaffActor, line_id: int, note: str = '') -> None:
    """Leave a line without recording anything (not a payment of an invoice, or recorded another way)."""
    await sessions.check(actor)
    async with in_transaction():
        changed = await BankLine.filter(id=line_id, status='open').update(
            status='skipped', note=_printable(note)[:500], handled_at=clock.now(), handled_by_id=actor.staff_id)
        if not changed:
            raise Conflict(_('This statement line was already handled.'))
        line = await BankLine.get(id=line_id)
        await audit.record(actor, audit.Action.BANK_LINE_SKIPPED, note=line.note, label=line.payer[:200],
                           after=audit.snapshot({'amount': line.amount, 'booked_on': line.booked_on},
                                                currency=line.currency))

