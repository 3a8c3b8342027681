"""Payment reminders on the pages: the staff invoice page shows each reminder as the scheduler sends it (live), pauses
them, and on a late-fee invoice waives the fee; the client sees the reminders on the invoice; the staff invoice list
shows the invoices reminded at a level; a contact's page turns reminders off for it."""
from __future__ import annotations

from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from domain import clock
from domain.jobs.catalogue import SEND_REMINDERS
from domain.jobs.runner import run_job
from domain.models import Contact, Document, InvoiceStatus, LateFee
from domain.reminders.rules import Fee
from tests import factories
from tests.services.reminders.conftest import save_schedule
from tests.ui.conftest import click, sign_in, until


async def overdue_invoice(user: User, *, days_overdue: int = 10):
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio')
    await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, 12000, issued=clock.today() - timedelta(days=30 + days_overdue))
    fresh = await factories.invoice(acme, 5000)
    await save_schedule(fees={7: Fee('flat', amount=2500)}, late_fees=True)
    return acme, invoice, fresh


async def test_staff_see_the_reminder_as_it_is_sent_pause_them_and_waive_the_fee(user: User):
    _acme, invoice, _fresh = await overdue_invoice(user)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open(f'/staff/invoices/{invoice.id}')
    await user.should_see('No reminder sent yet.', retries=30)
    await user.should_see('Reminders go out as the schedule in Portal settings says.')

    await run_job(SEND_REMINDERS, process='app2')  # the scheduler, perhaps in another process
    fee = await Document.get(id=(await LateFee.get(invoice_id=invoice.id)).document_id)
    await user.should_see('Level 3, 7 days after the due date · $120.00 due', retries=30)
    await user.should_see(f'late fee {fee.number}, $25.00')

    click(user, 'Pause reminders')
    await user.should_see('Reminders are paused for this invoice.', retries=30)
    await until(lambda: Document.get(id=invoice.id).values_list('reminders_paused', flat=True), equals=True)
    click(user, 'Resume reminders')
    await user.should_see('Reminders go out as the schedule in Portal settings says.', retries=30)

    await user.open(f'/staff/invoices/{fee.id}')
    await user.should_see('Late fee for invoice', retries=30)
    await user.should_see('(reminder 7 days after the due date)')
    click(user, 'Waive fee')
    await user.should_see('Waive this late fee?', retries=30)
    user.find(kind=ui.button, content='Waive this fee').click()
    await user.should_see('Say why the fee is waived, for example "first time late".', retries=30)
    user.find('Reason').type('First time late')
    user.find(kind=ui.button, content='Waive this fee').click()
    await user.should_see('Waived by Olivia Owner on', retries=30)
    await user.should_see('“First time late”')
    assert (await Document.get(id=fee.id)).status == InvoiceStatus.VOID


async def test_the_client_sees_the_reminders_and_staff_filter_the_list_by_level(user: User):
    acme, invoice, fresh = await overdue_invoice(user)
    await run_job(SEND_REMINDERS, process='app1')
    fee = await LateFee.get(invoice_id=invoice.id)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open(f'/portal/invoices/{invoice.id}')
    await user.should_see('Reminders', retries=30)
    await user.should_see('reminder 3, 7 days after the due date · $120.00 due')
    await user.open(f'/portal/invoices/{fee.document_id}')
    await user.should_see('Late fee', retries=30)

    await user.open('/portal/login')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/invoices?reminded=7')
    await user.should_see('1 to 1 of 1 invoices', retries=30)
    await user.should_see(invoice.number)
    await user.should_not_see(fresh.number)
    await user.open('/staff/invoices?reminded=14')
    await user.should_see('No invoices match these filters.', retries=30)

    await user.open(f'/staff/contacts/{acme.id}')
    await user.should_see('Send payment reminders to this contact', retries=30)
    user.find(marker='send_reminders').click()
    await user.should_see('Payment reminders off for this contact.', retries=30)
    await until(lambda: Contact.get(id=acme.id).values_list('send_reminders', flat=True), equals=False)
