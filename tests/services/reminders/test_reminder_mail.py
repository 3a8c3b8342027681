"""Reminder emails reach a real SMTP server (aiosmtpd on loopback) through the outbox; one the server refuses for
good is marked failed and shows among the failures of Send payment reminders on the Scheduled jobs page, while the
others arrive."""
from __future__ import annotations

import dataclasses

import settings
from domain.jobs import staff as jobs
from domain.jobs.catalogue import SEND_REMINDERS
from domain.models import MailStatus, OutgoingMail
from integrations.mail_sender import MailSender
from tests import factories
from tests.conftest import Mailbox
from tests.services.reminders.conftest import ISSUED, ZONE, at, remind, save_schedule


async def test_a_reminder_the_mail_server_refuses_shows_on_the_jobs_page_and_the_others_arrive(db, moving_clock,
                                                                                              smtp_server):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    invoices = []
    for name, email in (('Acme', 'casey@acme.example'), ('Globex', 'gail@globex.example')):
        contact = await factories.contact(name)
        await factories.person(contact, email)
        invoices.append(await factories.invoice(contact, 9000, issued=ISSUED, due_in_days=19))
    await save_schedule()
    moving_clock.set(at(4, 28))
    assert await remind() == (2, 0, 0)

    box = Mailbox('550 5.1.1 No such user here')  # the first email is refused for good
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=smtp_server(box).port,
                                 smtp_tls='none', mail_from='portal@northwind.example')
    assert await MailSender(config, timeout=5.0).run_once() == 2
    (arrived,) = box.received
    assert arrived['To'] == 'Casey Client <gail@globex.example>'
    assert arrived['Subject'] == f'Invoice {invoices[1].number} is overdue · Northwind Studio'
    refused = await OutgoingMail.get(to_address='casey@acme.example')
    assert refused.status == MailStatus.FAILED

    page = await jobs.list_jobs(await factories.staff_actor())
    (reminders,) = [job for job in page.jobs if job.name == SEND_REMINDERS]
    assert [(failure.label, failure.reason) for failure in reminders.failures] == [
        (f'Invoice {invoices[0].number} is overdue · Northwind Studio, to casey@acme.example',
         'The mail server answered 550 5.1.1 No such user here')]
    assert reminders.last_run is not None and (reminders.last_run.done, reminders.last_run.failed) == (2, 0)
