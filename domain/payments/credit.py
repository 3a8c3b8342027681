"""A contact's credit, per currency, and applying it to invoices.

Credit is what open credit notes have not used yet and what payments left unapplied (an overpayment, a payment
recorded with part of it not allocated, a late card payment's surplus). Applying it raises what invoices were paid
and takes from those sources oldest first, in one transaction with the stored balances and a `CreditApplication`
per invoice and source; it changes no contact's balance (a statement shows it as a line that moves nothing).
Staff apply it (`apply_credit`), and a portal person uses it in Pay Now (domain/payments/online.py calls
`use_credit_for`).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from tortoise.expressions import F
from tortoise.transactions import in_transaction

from domain import audit, sessions
from domain.actors import PortalActor, StaffActor
from domain.balances.store import credit_applied, hold, settle
from domain.business import profile as business
from domain.documents.credit_notes import USABLE, use_credit_note
from domain.documents.rules import parse_money, status_after_payment
from domain.errors import Conflict, Invalid, NotFound
from domain.events import Event, EventKind, publish
from domain.form_input import require_id
from domain.formats import _, money
from domain.models import Contact, CreditApplication, Document, DocumentKind, Payment, sql
from domain.payments.ledger import PAYABLE

INVOICE_KINDS = [DocumentKind.INVOICE, DocumentKind.RETAINER]


@dataclass(frozen=True)
class Source:
    """Credit that can be used: a credit note's unused part or a payment's unapplied part."""
    kind: str  # 'credit_note' | 'payment'
    id: int
    day: date
    number: str  # the credit note's number, or the payment's reference
    left: int


async def credit_sources(contact_id: int, currency: str) -> list[Source]:
    """The contact's credit in `currency`, oldest first."""
    found = await sql.rows(
        'SELECT 0 AS part, id, issue_date AS day, number, total - amount_paid AS left_over FROM document '
        f'WHERE contact_id = ? AND kind = ? AND currency = ? AND status IN ({sql.marks(USABLE)}) '
        'AND amount_paid < total '
        'UNION ALL SELECT 1, id, "date", reference, unapplied FROM payment '
        'WHERE contact_id = ? AND unapplied > 0 AND currency = ? ORDER BY day, part, id',
        [contact_id, DocumentKind.CREDIT_NOTE.value, currency, *[str(status) for status in USABLE],
         contact_id, currency])
    return [Source('payment' if row['part'] else 'credit_note', int(row['id']), sql.day(row['day']),
                   str(row['number'] or ''), int(row['left_over'])) for row in found]


async def available_credit(contact_id: int) -> dict[str, int]:
    """{currency: credit} of a contact, only the currencies it has credit in: two reads by index, whatever the number
    of documents and payments."""
    found = await sql.rows(
        'SELECT currency, SUM(total - amount_paid) AS amount FROM document WHERE contact_id = ? AND kind = ? '
        f'AND status IN ({sql.marks(USABLE)}) GROUP BY currency '
        'UNION ALL SELECT currency, SUM(unapplied) FROM payment WHERE contact_id = ? AND unapplied > 0 '
        'GROUP BY currency',
        [contact_id, DocumentKind.CREDIT_NOTE.value, *[str(status) for status in USABLE], contact_id])
    credit: dict[str, int] = {}
    for row in found:
        if row['amount']:
            credit[str(row['currency'])] = credit.get(str(row['currency']), 0) + int(row['amount'])
    return {currency: amount for currency, amount in sorted(credit.items()) if amount > 0}


async def use_credit_for(contact_id: int, currency: str, wanted: list[tuple[int, int]], today: date, *,
                         by: StaffActor | PortalActor) -> list[int]:
    """Apply credit to invoices [(invoice id, cents)] inside the caller's transaction, oldest credit first, each
    invoice with its audit row (`by` applied it: what it paid before and after, the credit applied, from what).

    Each invoice must be the contact's, open, in `currency`, owing at least its amount; the credit must cover the
    sum. Otherwise Conflict, and the caller's transaction rolls back. Returns the ids of the credit notes used."""
    staff_id = by.staff_id if isinstance(by, StaffActor) else None
    person_id = by.person_id if isinstance(by, PortalActor) else None
    need = sum(amount for _invoice_id, amount in wanted)
    if need <= 0 or any(amount <= 0 for _invoice_id, amount in wanted):
        raise Conflict(_('Each amount of credit applied must be more than zero.'))
    sources = await credit_sources(contact_id, currency)
    if sum(source.left for source in sources) < need:
        raise Conflict(_('There is less credit than that: {amount} is available.').format(
            amount=money(sum(source.left for source in sources), currency)))
    held = await hold([invoice_id for invoice_id, _amount in wanted]
                      + [source.id for source in sources if source.kind == 'credit_note'])
    used_notes: list[int] = []
    queue = list(sources)
    for invoice_id, amount in wanted:
        invoice = await Document.get_or_none(id=invoice_id).only('id', 'contact_id', 'number', 'currency',
                                                                 'amount_paid', 'status')
        updated = await Document.filter(
            id=invoice_id, contact_id=contact_id, kind__in=INVOICE_KINDS, status__in=PAYABLE, currency=currency,
            amount_paid__lte=F('total') - amount).update(amount_paid=F('amount_paid') + amount)
        if updated != 1:
            raise Conflict(_('An invoice is not open for payment, or the amount is more than its balance due.'))
        row = await Document.get(id=invoice_id).only('id', 'total', 'amount_paid')
        await Document.filter(id=invoice_id).update(status=status_after_payment(row.total, row.amount_paid))
        left, used_from = amount, []
        while left:
            source = queue[0]
            take = min(left, source.left)
            if source.kind == 'credit_note':
                taken = await use_credit_note(source.id, take)
                used_notes.append(source.id)
            else:
                taken = bool(await Payment.filter(id=source.id, unapplied__gte=take)
                             .update(unapplied=F('unapplied') - take))
            if not taken:
                raise Conflict(_('The credit changed in the meantime. Please reload the page.'))
            application = await CreditApplication.create(
                contact_id=contact_id, invoice_id=invoice_id, amount=take, currency=currency, date=today,
                credit_note_id=source.id if source.kind == 'credit_note' else None,
                payment_id=source.id if source.kind == 'payment' else None, applied_by_id=staff_id,
                person_id=person_id)
            await credit_applied(application)
            used_from.append(source.number or f'payment {source.id}')  # stored as data, like a reference
            left -= take
            queue[0] = Source(source.kind, source.id, source.day, source.number, source.left - take)
            if not queue[0].left:
                queue.pop(0)
        assert invoice is not None  # the update above found it
        now = await Document.get(id=invoice_id).only('id', 'amount_paid', 'status')
        await audit.record(by, audit.Action.CREDIT_APPLIED, on=invoice, note=', '.join(dict.fromkeys(used_from)),
                           before=audit.snapshot(invoice, 'amount_paid', 'status'),
                           after={**audit.snapshot(now, 'amount_paid', 'status', currency=currency), 'amount': amount})
    await settle(held)
    return sorted(set(used_notes))


@dataclass(frozen=True)
class CreditSetup:
    """What the Apply credit form needs: the credit in the contact's currency and its open invoices."""
    contact_id: int
    contact_name: str
    currency: str
    available: int
    invoices: list[tuple[int, str, int]]  # (id, number, balance due), oldest due first


async def credit_setup(actor: StaffActor, contact_id: int) -> CreditSetup:
    await sessions.check(actor)
    contact = await Contact.get_or_none(id=require_id(contact_id))
    if contact is None:
        raise NotFound(_('There is no such contact.'))
    credit = await available_credit(contact.id)
    rows = await Document.filter(contact_id=contact.id, kind__in=INVOICE_KINDS, status__in=PAYABLE,
                                 currency=contact.currency, amount_paid__lt=F('total')) \
        .order_by('due_date', 'issue_date', 'id').values('id', 'number', 'total', 'amount_paid')
    return CreditSetup(contact.id, contact.display_name, contact.currency, credit.get(contact.currency, 0),
                       [(row['id'], row['number'], row['total'] - row['amount_paid']) for row in rows])


async def apply_credit(actor: StaffActor, contact_id: int, typed: dict[int, str]) -> int:
    """Staff apply the contact's credit (in its currency) to one or several of its invoices: `typed` maps invoice id
    to the amount typed for it. Each problem is reported next to its field and nothing changes. Returns the sum."""
    await sessions.check(actor)
    setup = await credit_setup(actor, contact_id)
    currency = setup.currency
    balances = {invoice_id: balance for invoice_id, _number, balance in setup.invoices}
    errors: dict[str, str] = {}
    wanted: list[tuple[int, int]] = []
    for invoice_id, text in typed.items():
        if not str(text).strip():
            continue
        key = f'invoice.{invoice_id}'
        if invoice_id not in balances:
            errors[key] = _('This is not an open invoice of this contact in {currency}.').format(currency=currency)
            continue
        try:
            amount = parse_money(text, currency, what='the credit to apply')
        except ValueError as error:
            errors[key] = str(error)
            continue
        if amount > balances[invoice_id]:
            errors[key] = _('More than the balance due ({amount}).').format(
                amount=money(balances[invoice_id], currency))
        elif amount:
            wanted.append((invoice_id, amount))
    total = sum(amount for _invoice_id, amount in wanted)
    if not errors and not wanted:
        errors['credit'] = _('Type the credit to apply to at least one invoice.')
    elif not errors and total > setup.available:
        errors['credit'] = _('That is {amount}, more than the {available} of credit available.').format(
            amount=money(total, currency), available=money(setup.available, currency))
    if errors:
        raise Invalid(errors)
    today = await business.today()
    async with in_transaction():
        notes = await use_credit_for(setup.contact_id, currency, wanted, today, by=actor)
    await publish(Event(EventKind.PAYMENT_RECORDED, None, setup.contact_id, {'credit': total}),
                  *(Event(EventKind.DOCUMENT_STATUS, document_id, setup.contact_id)
                    for document_id in [*(invoice_id for invoice_id, _amount in wanted), *notes]))
    return total
