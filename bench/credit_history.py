"""For bench/portal_pages.py --credit: a client with the same invoices and payments as the big one, plus credit notes
(some applied to its unpaid invoices) and refunds of its payments, written directly with the figures they leave."""
from __future__ import annotations

from datetime import date, timedelta


async def seed_credit(contact, invoices: list, paid_by: dict[int, list[int]], today: date) -> None:
    """The big client's invoices and payments again, for `contact`, with 1,000 credit notes (some applied to unpaid
    invoices) and 1,000 refunds of payments that paid an invoice whole (which then owes the refund again)."""
    from domain.models import (
        CreditApplication,
        CreditNoteStatus,
        Document,
        DocumentKind,
        InvoiceStatus,
        Payment,
        PaymentAllocation,
        PaymentMode,
        Refund,
    )
    unpaid = [i for i in range(len(invoices)) if i not in paid_by][:1000]
    refunded = [i for i, shares in paid_by.items() if shares == [0]][:1000]
    notes, uses = [], {}
    for n in range(1000):
        used = (0, 1000, 2000)[n % 3]
        issued = today - timedelta(days=(n * 7) % 1095)
        status = (CreditNoteStatus.OPEN, CreditNoteStatus.PARTLY_APPLIED, CreditNoteStatus.APPLIED)[n % 3]
        notes.append(Document(kind=DocumentKind.CREDIT_NOTE, number=f'CN-{n + 1:06d}', contact=contact,
                              issue_date=issued, subtotal=2000, total=2000, amount_paid=used, status=status,
                              sent_at=invoices[0].sent_at))
        if used:
            uses[n] = (unpaid[n % len(unpaid)], used, min(issued + timedelta(days=5), today))
    copies = []
    for i, invoice in enumerate(invoices):
        paid = invoice.amount_paid
        if i in refunded:
            paid -= 500
        applied = [amount for _n, (index, amount, _day) in uses.items() if index == i]
        paid += sum(applied)
        status = InvoiceStatus.PAID if paid >= invoice.total else InvoiceStatus.PARTIALLY_PAID if paid \
            else InvoiceStatus.SENT
        copies.append(Document(kind=invoice.kind, number=f'C{invoice.number}', contact=contact,
                               issue_date=invoice.issue_date, due_date=invoice.due_date, subtotal=invoice.total,
                               total=invoice.total, amount_paid=paid, status=status, sent_at=invoice.sent_at))
    await Document.bulk_create(copies + notes, batch_size=2000)
    ids = dict(await Document.filter(contact=contact).values_list('number', 'id'))
    payments, plan = [], []
    for i, shares in paid_by.items():
        invoice = copies[i]
        for share in shares:
            amount = invoice.total if share == 0 else invoice.total // 2 if share == 1 else invoice.total - invoice.total // 2
            day = min(invoice.issue_date + timedelta(days=10 + 20 * (share == 2)), today)
            payments.append(Payment(contact=contact, date=day, amount=amount, mode=PaymentMode.BANK_TRANSFER,
                                    reference=f'C-PAY-{len(payments) + 1}', refunded=500 if i in refunded else 0))
            plan.append((ids[invoice.number], amount - (500 if i in refunded else 0), i))
    await Payment.bulk_create(payments, batch_size=2000)
    payment_ids = await Payment.filter(contact=contact).order_by('id').values_list('id', flat=True)
    await PaymentAllocation.bulk_create(
        [PaymentAllocation(payment_id=pid, document_id=doc, amount=amount)
         for pid, (doc, amount, _i) in zip(payment_ids, plan, strict=True)], batch_size=2000)
    await Refund.bulk_create(
        [Refund(contact=contact, payment_id=pid, amount=500, currency='USD', mode=PaymentMode.ONLINE_CARD,
                date=min(payments[k].date + timedelta(days=3), today), taken_back=[{'document_id': doc, 'amount': 500}])
         for k, (pid, (doc, _amount, i)) in enumerate(zip(payment_ids, plan, strict=True)) if i in refunded],
        batch_size=2000)
    await CreditApplication.bulk_create(
        [CreditApplication(contact=contact, invoice_id=ids[copies[index].number], credit_note_id=ids[f'CN-{n + 1:06d}'],
                           amount=amount, currency='USD', date=day) for n, (index, amount, day) in uses.items()],
        batch_size=2000)
