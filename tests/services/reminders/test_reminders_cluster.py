"""Two real app processes on one PostgreSQL (tests/services/cluster_worker.py) run Send payment reminders at the same
moment, each as its timer does and as Run now does: every invoice is reminded once with one late fee, and when two
processes then send the outbox, a real SMTP server receives each reminder once."""
from __future__ import annotations

from datetime import timedelta

from domain import clock
from domain.balances.rebuild import disagreements
from domain.jobs.catalogue import SEND_REMINDERS
from domain.models import Document, JobUnit, LateFee, MailStatus, OutgoingMail, Reminder
from domain.reminders.rules import Fee
from tests import factories
from tests.conftest import Mailbox
from tests.services.cluster_support import database_url, needs_postgres, two_processes
from tests.services.reminders.conftest import save_schedule

pytestmark = needs_postgres
ZONE = 'Europe/Berlin'
CONTACTS = 12


async def test_two_processes_reminding_at_once_remind_each_invoice_once_and_each_email_arrives_once(pg, smtp_server):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    today = clock.today(ZONE)
    invoices = []
    for n in range(CONTACTS):
        contact = await factories.contact(f'Client {n:02d}')
        await factories.person(contact, f'first{n}@example.com')
        await factories.person(contact, f'second{n}@example.com', is_primary=False, language='fr')
        for rate in (10000, 20000):  # ten days overdue: the level 7 days after the due date is due
            invoices.append(await factories.invoice(contact, rate + n, issued=today - timedelta(days=40),
                                                    due_in_days=30))
    await save_schedule(fees={7: Fee('flat', amount=1500)}, late_fees=True)
    documents = await Document.all().count()

    first, second = await two_processes('jobs', database_url(pg), SEND_REMINDERS)
    assert first['done'] + second['done'] == len(invoices) and first['failed'] == second['failed'] == 0
    assert first['done'] > 0 or second['done'] > 0
    assert await Reminder.all().count() == len(invoices)
    for invoice in invoices:
        assert [r.days for r in await Reminder.filter(document_id=invoice.id)] == [7]
        assert await LateFee.filter(invoice_id=invoice.id).count() == 1
    assert await Document.all().count() == documents + len(invoices)  # one late-fee invoice each
    assert await JobUnit.filter(job=SEND_REMINDERS).count() == len(invoices)
    assert await disagreements() == []
    queued = await OutgoingMail.filter(kind='reminder').count()
    assert queued == 2 * len(invoices)  # both persons of each contact

    box = Mailbox(delay=0.02)
    port = smtp_server(box).port
    one, other = await two_processes('mail', database_url(pg), str(port))
    assert one['sent'] + other['sent'] == queued
    assert len(box.received) == queued  # each email once
    assert len({message['Message-ID'] for message in box.received}) == queued
    received = sorted((m['To'].addresses[0].addr_spec, m['Subject']) for m in box.received)
    assert len(set(received)) == queued
    assert await OutgoingMail.filter(kind='reminder', status=MailStatus.SENT, attempts=1).count() == queued
