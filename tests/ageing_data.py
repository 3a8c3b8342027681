"""A prepared set of invoices on every ageing bucket boundary, and the figures a person should see for it."""
from __future__ import annotations

from datetime import timedelta

from domain import clock
from domain.models import Contact, Document, DocumentKind, InvoiceStatus
from tests import factories

# days past due -> cents still owed; 0 is due today (current), negative is due later
BOUNDARY_DAYS = {-1: 100, 0: 200, 1: 400, 30: 800, 31: 1600, 60: 3200, 61: 6400, 90: 12800, 91: 25600, 400: 51200}
# what each bucket holds: current (-1, 0 and a partly paid invoice without a due date), 1-30, 31-60, 61-90, over 90
EXPECTED_USD = (100 + 200 + 700, 400 + 800, 1600 + 3200, 6400 + 12800, 25600 + 51200)
EXPECTED_USD_COUNTS = (3, 2, 2, 2, 2)
EXPECTED_EUR = (0, 0, 0, 0, 999)


async def invoice_due(contact: Contact, cents: int, days_overdue: int, **fields) -> Document:
    """A sent invoice issued 500 days ago, due `days_overdue` days before today."""
    return await factories.invoice(contact, cents, issued=clock.today() - timedelta(days=500),
                                   due_in_days=500 - days_overdue, **fields)


async def prepare(contact: Contact) -> dict[str, Document]:
    """Invoices on every boundary, plus the ones an ageing must leave out. Returns a few by name for the tests."""
    made = {}
    for days, cents in BOUNDARY_DAYS.items():
        made[f'due{days}'] = await invoice_due(contact, cents, days)
    # partly paid, no due date: 700 of 1000 still owed, current
    partial = await factories.invoice(contact, 1000)
    await Document.filter(id=partial.id).update(amount_paid=300, status=InvoiceStatus.PARTIALLY_PAID, due_date=None)
    made['partial'] = partial
    # left out: paid, draft, void, an estimate, a sent invoice that is fully paid by its figures
    paid = await invoice_due(contact, 5000, 45)
    await Document.filter(id=paid.id).update(amount_paid=5000, status=InvoiceStatus.PAID)
    await invoice_due(contact, 7000, 45, status=InvoiceStatus.DRAFT)
    await invoice_due(contact, 9000, 45, status=InvoiceStatus.VOID)
    await factories.estimate(contact, 11000)
    covered = await invoice_due(contact, 13000, 45)
    await Document.filter(id=covered.id).update(amount_paid=13000)
    await factories.rebuild_balances(contact)  # the updates above went round the use cases
    return made


async def prepare_eur(contact: Contact) -> Document:
    contact.currency = 'EUR'
    await contact.save()
    return await invoice_due(contact, 999, 120, kind=DocumentKind.RETAINER)
