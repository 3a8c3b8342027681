"""The staff dashboard's figures are SQL sums per currency, on both databases."""
from datetime import timedelta

from domain import clock
from domain.models import Activity, ActivityKind, Document, DocumentKind, InvoiceStatus
from domain.overview import staff as dashboard_staff
from tests import factories


async def test_figures_are_summed_per_currency_and_overdue_is_a_part_of_outstanding(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    today = clock.today()
    await factories.invoice(acme, 10000)
    late = await factories.invoice(acme, 20000, issued=today - timedelta(days=30), due_in_days=5)
    await Document.filter(id=late.id).update(amount_paid=5000, status=InvoiceStatus.PARTIALLY_PAID)
    await factories.rebuild_balances(acme)
    await factories.invoice(acme, 4000, kind=DocumentKind.RETAINER)
    acme.currency = 'EUR'
    await factories.invoice(acme, 900, issued=today - timedelta(days=30), due_in_days=1)
    await factories.estimate(acme, 1234)

    board = await dashboard_staff.staff_dashboard(actor)
    assert board.outstanding.count == 4
    assert board.outstanding.totals == [('USD', 29000), ('EUR', 900)]
    assert board.overdue.count == 2
    assert board.overdue.totals == [('USD', 15000), ('EUR', 900)]
    assert (board.awaiting_approval.count, board.awaiting_approval.totals) == (1, [('EUR', 1234)])
    assert board.received_30_days.count == 0


async def test_recent_activity_names_the_person_and_the_document(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 10000)
    await Activity.create(kind=ActivityKind.PAID, contact=acme, document=invoice, person=casey)
    await Activity.create(kind=ActivityKind.VIEWED, contact=acme, document=invoice, person=None)
    newest, older = (await dashboard_staff.staff_dashboard(actor)).activity
    assert newest.sentence == f'Acme viewed invoice {invoice.number}'
    assert older.sentence == f'Casey Client paid invoice {invoice.number}'
    assert older.document_link == f'/staff/invoices/{invoice.id}'
