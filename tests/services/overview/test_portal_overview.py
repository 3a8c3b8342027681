"""The dashboard figures and the payments made, as a client sees them, on a real database."""
from datetime import timedelta

from domain import clock
from domain.models import DocumentKind, EstimateStatus, InvoiceStatus, PaymentMode
from domain.overview.portal import PAGE_SIZE, dashboard, payments_made
from tests import factories


async def test_the_dashboard_adds_up_what_is_owed(db):
    await factories.business(banner_message='Office closed on Friday.')
    contact = await factories.contact()
    actor = await factories.portal_actor(await factories.person(contact))
    today = clock.today()
    overdue = await factories.invoice(contact, 10000, issued=today - timedelta(days=40), due_in_days=30)
    await factories.invoice(contact, 2500)
    paid = await factories.invoice(contact, 999)
    await factories.invoice(contact, 50000, status=InvoiceStatus.DRAFT)
    await factories.invoice(contact, 70000, kind=DocumentKind.RETAINER)
    await factories.estimate(contact, 100)
    await factories.estimate(contact, 100)
    await factories.estimate(contact, 100, status=EstimateStatus.DRAFT)
    await factories.estimate(contact, 100, issued=today - timedelta(days=40), expires_in_days=30)
    await factories.payment(contact, [(overdue, 4000)], paid_on=today - timedelta(days=3))
    last = await factories.payment(contact, [(paid, 999), (overdue, 1)], paid_on=today, mode=PaymentMode.CHEQUE, reference='CHQ-1')

    figures = await dashboard(actor)
    assert (figures.outstanding_total, figures.outstanding_count) == (10000 - 4001 + 2500, 2)
    assert (figures.overdue_total, figures.overdue_count) == (10000 - 4001, 1)
    assert (figures.retainer_total, figures.retainer_count) == (70000, 1)
    assert figures.awaiting_estimates == 2
    assert figures.banner_message == 'Office closed on Friday.'
    payment = figures.last_payment
    assert (payment.id, payment.amount, payment.reference, payment.mode) == (last.id, 1000, 'CHQ-1', 'cheque')
    assert {a.number: a.amount for a in payment.applied_to} == {paid.number: 999, overdue.number: 1}


async def test_a_new_client_sees_zeros_and_no_payment(db):
    actor = await factories.portal_actor(await factories.person(await factories.contact()))
    figures = await dashboard(actor)
    assert (figures.outstanding_total, figures.retainer_total, figures.awaiting_estimates) == (0, 0, 0)
    assert figures.last_payment is None and figures.banner_message == ''


async def test_payments_made_are_newest_first_with_the_invoices_they_paid(db):
    contact = await factories.contact()
    actor = await factories.portal_actor(await factories.person(contact))
    today = clock.today()
    invoices = [await factories.invoice(contact, 100000) for _ in range(3)]
    for n in range(PAGE_SIZE + 2):
        await factories.payment(contact, [(invoices[n % 3], 100 + n)], paid_on=today - timedelta(days=n), reference=f'R{n}')
    first = await payments_made(actor)
    assert (first.count, first.pages, first.total_paid) == (PAGE_SIZE + 2, 2, sum(100 + n for n in range(PAGE_SIZE + 2)))
    assert [row.reference for row in first.rows[:3]] == ['R0', 'R1', 'R2']
    assert first.rows[1].applied_to[0].number == invoices[1].number
    last = await payments_made(actor, 2)
    assert [row.reference for row in last.rows] == [f'R{PAGE_SIZE}', f'R{PAGE_SIZE + 1}']
