"""The staff dashboard gives the overview: money owed and overdue, estimates waiting, and client activity."""
from datetime import timedelta

from nicegui.testing import User

from domain import clock
from domain.events import Event, publish
from domain.models import Activity, ActivityKind, Document, EstimateStatus, InvoiceStatus, Payment, PaymentMode
from tests import factories
from tests.ui.conftest import sign_in


async def signed_in_staff(user: User) -> None:
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')


async def test_the_dashboard_sums_what_is_owed_overdue_and_awaiting_approval(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    today = clock.today()
    await factories.invoice(acme, 10000)  # due in 30 days
    late = await factories.invoice(acme, 25000, issued=today - timedelta(days=40), due_in_days=10)
    await Document.filter(id=late.id).update(amount_paid=5000, status=InvoiceStatus.PARTIALLY_PAID)
    await factories.invoice(acme, 7000, status=InvoiceStatus.DRAFT)
    await factories.invoice(acme, 3000, status=InvoiceStatus.PAID)
    await factories.estimate(acme, 40000)
    await factories.estimate(acme, 1000, issued=today - timedelta(days=40), expires_in_days=10)  # expired
    await factories.estimate(acme, 2000, status=EstimateStatus.ACCEPTED)
    await Payment.create(contact=acme, date=today, amount=5000, mode=PaymentMode.CASH)

    await user.open('/staff')
    await user.should_see('Outstanding', retries=30)
    await user.should_see('$300.00')  # 100 + (250 - 50, retries=30)
    await user.should_see('2 invoices', retries=30)
    await user.should_see('$200.00')  # overdue
    await user.should_see('1 invoice', retries=30)
    await user.should_see('$400.00')  # the estimate still open for approval
    await user.should_see('1 estimate', retries=30)
    await user.should_see('$50.00')  # received
    await user.should_see('1 draft not sent yet', retries=30)
    await user.should_see('No client activity yet.', retries=30)


async def test_client_activity_is_listed_with_links_and_arrives_live(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 10000)
    await Activity.create(kind=ActivityKind.VIEWED, contact=acme, document=invoice, person=casey)
    await user.open('/staff')
    await user.should_see(f'Casey Client viewed invoice {invoice.number}', retries=30)
    link = user.find(f'Casey Client viewed invoice {invoice.number}').elements.pop()
    assert link.props['href'] == f'/staff/invoices/{invoice.id}'

    estimate = await factories.estimate(acme, 5000)
    await Activity.create(kind=ActivityKind.COMMENTED, contact=acme, document=estimate, person=casey,
                          detail='Could you split the design work into two phases?')
    await publish(Event('activity', document_id=estimate.id, contact_id=acme.id))
    await user.should_see(f'Casey Client commented on estimate {estimate.number}', retries=30)
    await user.should_see('Could you split the design work into two phases?', retries=30)


async def test_quick_links_lead_to_the_common_tasks(user: User):
    await signed_in_staff(user)
    await user.open('/staff')
    for text, target in (('New contact', '/staff/contacts/new'), ('New invoice', '/staff/invoices/new'),
                         ('Record payment', '/staff/payments/new')):
        assert user.find(text).elements.pop().props['href'] == target
