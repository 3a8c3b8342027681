"""The scheduler reminds open invoices: each level of the schedule on its day where the business is, never twice for
an invoice and level however many runs, only the latest level due after days without a run, never for a paid, void
or settled invoice, each person who receives invoices in their language with what is left to pay and a link to the
invoice; a paused invoice or a contact left out gets none, and both sides see each reminder."""
from __future__ import annotations

import asyncio

import pytest

from domain.documents.invoices import void_invoice
from domain.events import Event, EventKind, bus
from domain.jobs import staff as jobs
from domain.jobs.catalogue import SEND_REMINDERS
from domain.jobs.runner import run_job
from domain.models import (
    Business,
    Contact,
    ContactPerson,
    Document,
    InvoiceStatus,
    JobUnit,
    OutgoingMail,
    PortalAccess,
    Reminder,
    ReminderSchedule,
)
from domain.reminders import history
from domain.reminders.rules import Fee, Text, level_to_json
from domain.reminders.schedule import default_level
from domain.reminders.sending import due_reminders, send_reminder
from tests import factories
from tests.services.reminders.conftest import DUE, ISSUED, ZONE, at, levels_sent, remind, reminder_mail, save_schedule


async def acme_owing(*rates: int, **fields):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    acme = await factories.contact('Acme', **fields)
    casey = await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, *(rates or (12000,)), issued=ISSUED, due_in_days=(DUE - ISSUED).days)
    return acme, casey, invoice


async def test_each_level_is_sent_once_on_its_day_where_the_business_is(db, moving_clock):
    acme, _casey, invoice = await acme_owing(12000)
    await save_schedule()
    seen: list[Event] = []
    unsubscribe = bus.subscribe(seen.append)

    moving_clock.set(at(4, 16, 21, 30))  # 23:30 on 16 April in Berlin: not yet 3 days before the due date
    assert await remind() == (0, 0, 0)
    moving_clock.set(at(4, 16, 22, 30))  # 00:30 on 17 April in Berlin, still the 16th in UTC
    assert await remind() == (1, 0, 0)
    assert await remind() == (0, 0, 0)  # the next run finds nothing more to do
    for month, day, days in ((4, 20, 0), (4, 27, 7), (5, 4, 14), (5, 20, 30)):
        moving_clock.set(at(month, day))
        assert await remind() == (1, 0, 0)
        assert await remind() == (0, 0, 0)
        assert (await levels_sent(invoice.id))[-1] == days
    moving_clock.set(at(7, 1))
    assert await remind() == (0, 0, 0)  # past the last level
    unsubscribe()

    assert await levels_sent(invoice.id) == [-3, 0, 7, 14, 30]
    assert [r.level for r in await Reminder.filter(document_id=invoice.id).order_by('days')] == [1, 2, 3, 4, 5]
    assert await JobUnit.filter(job=SEND_REMINDERS).count() == 5
    mails = await reminder_mail('casey@acme.example')
    assert [m.subject for m in mails] == [
        f'Invoice {invoice.number} is due on 20 Apr 2026 · Northwind Studio',
        f'Invoice {invoice.number} is due today · Northwind Studio',
        *[f'Invoice {invoice.number} is overdue · Northwind Studio'] * 3]
    last = mails[-1].text_body
    assert last.startswith('Hello Casey,')
    assert f'Invoice {invoice.number} was due on 20 Apr 2026 and is 30 days overdue. The amount still due is $120.00.' \
        in last
    assert f'http://127.0.0.1:8080/portal/invoices/{invoice.id}' in last
    sent = [e for e in seen if e.kind == EventKind.REMINDER_SENT]
    assert [(e.document_id, e.contact_id, e.data['days']) for e in sent] == [
        (invoice.id, acme.id, days) for days in (-3, 0, 7, 14, 30)]

    staff = await factories.staff_actor()  # both sides see each reminder: the day and the level
    rows = (await history.invoice_reminders(staff, invoice.id)).rows
    assert [(str(row.sent_on), row.level, row.amount_due) for row in rows] == [
        ('2026-04-17', 1, 12000), ('2026-04-20', 2, 12000), ('2026-04-27', 3, 12000), ('2026-05-04', 4, 12000),
        ('2026-05-20', 5, 12000)]
    client = await factories.portal_actor(await factories.person(acme, 'dana@acme.example'))
    assert [row.level for row in await history.portal_reminders(client, invoice.id)] == [1, 2, 3, 4, 5]


async def test_after_days_without_a_run_only_the_latest_level_due_is_sent(db, moving_clock):
    _acme, _casey, invoice = await acme_owing()
    await save_schedule()
    moving_clock.set(at(4, 10))
    assert await remind() == (0, 0, 0)
    moving_clock.set(at(5, 6))  # the server was down from 10 April: 16 days overdue now
    assert await remind() == (1, 0, 0)
    assert await levels_sent(invoice.id) == [14]
    assert len(await reminder_mail()) == 1
    moving_clock.set(at(5, 12))
    assert await remind() == (0, 0, 0)  # the missed levels (3 days before, due day, 7 days) are never sent
    moving_clock.set(at(6, 2))
    assert await remind() == (1, 0, 0)
    assert await levels_sent(invoice.id) == [14, 30]


async def test_paid_void_settled_and_draft_invoices_get_none_and_a_partly_paid_one_says_what_is_left(db, moving_clock):
    acme, _casey, partly = await acme_owing(20000)
    paid = await factories.invoice(acme, 5000, issued=ISSUED, due_in_days=19)
    voided = await factories.invoice(acme, 5000, issued=ISSUED, due_in_days=19)
    nothing_owed = await factories.invoice(acme, 0, issued=ISSUED, due_in_days=19)
    draft = await factories.invoice(acme, 5000, issued=ISSUED, due_in_days=19, status=InvoiceStatus.DRAFT)
    await factories.payment(acme, [(paid, 5000), (partly, 7550)])
    await void_invoice(await factories.staff_actor(), voided.id)
    await save_schedule()
    moving_clock.set(at(4, 28))
    assert await remind() == (1, 0, 0)
    assert await levels_sent(partly.id) == [7]
    for untouched in (paid, voided, nothing_owed, draft):
        assert await levels_sent(untouched.id) == []
    (mail,) = await reminder_mail()
    assert 'The amount still due is $124.50.' in mail.text_body
    assert 'Of the $200.00 invoiced, $75.50 has been paid, so $124.50 is left to pay.' in mail.text_body
    assert (await Reminder.get(document_id=partly.id)).amount_due == 12450


async def test_an_invoice_paid_after_it_was_found_is_not_reminded(db, moving_clock):
    acme, _casey, invoice = await acme_owing(5000)
    await save_schedule()
    moving_clock.set(at(4, 28))
    (due,) = await due_reminders(DUE.replace(day=28))
    await factories.payment(acme, [(invoice, 5000)])  # paid between the run's search and its turn
    assert await send_reminder(due, DUE.replace(day=28), moving_clock.now) is None
    assert await Reminder.all().count() == 0 and await reminder_mail() == []


async def test_a_paused_invoice_and_a_contact_left_out_get_none_until_resumed(db, moving_clock):
    _acme, _casey, invoice = await acme_owing()
    other = await factories.contact('Globex')
    await factories.person(other, 'gail@globex.example')
    globex_invoice = await factories.invoice(other, 9000, issued=ISSUED, due_in_days=19)
    await save_schedule()
    staff = await factories.staff_actor()
    await history.pause_reminders(staff, invoice.id, True)
    await history.set_contact_reminders(staff, other.id, False)
    assert (await history.invoice_reminders(staff, invoice.id)).paused
    assert not await history.contact_reminders(staff, other.id)

    moving_clock.set(at(4, 22))
    assert await remind() == (0, 0, 0)
    moving_clock.set(at(5, 5))
    await history.pause_reminders(staff, invoice.id, False)
    await history.set_contact_reminders(staff, other.id, True)
    assert await remind() == (2, 0, 0)
    assert await levels_sent(invoice.id) == [14] and await levels_sent(globex_invoice.id) == [14]
    assert (await Contact.get(id=other.id)).send_reminders


async def test_each_person_who_receives_invoices_gets_it_in_their_language(db, moving_clock):
    acme, _casey, invoice = await acme_owing(123456)
    await factories.person(acme, 'dieter@acme.example', first_name='Dieter', language='de', is_primary=False)
    await factories.person(acme, 'nobody@acme.example', access=PortalAccess.INVITED, is_primary=False)
    level = default_level(7)
    texts = {**level.texts, 'en': Text('Still open: {number}', 'Please pay {amount_due} ({days_overdue} days late).'
                                       '\n\n{link}')}
    await save_schedule(days=(7,))
    await ReminderSchedule.filter(id=1).update(levels=[level_to_json(type(level)(7, texts))])

    moving_clock.set(at(4, 29))
    assert await remind() == (1, 0, 0)
    english, german = await reminder_mail('casey@acme.example'), await reminder_mail('dieter@acme.example')
    assert await reminder_mail('nobody@acme.example') == []
    assert english[0].subject == f'Still open: {invoice.number} · Northwind Studio'
    assert 'Please pay $1,234.56 (9 days late).' in english[0].text_body
    assert german[0].subject == f'Rechnung {invoice.number} ist überfällig · Northwind Studio'
    assert german[0].text_body.startswith('Hallo Dieter,')
    assert '1.234,56\xa0$' in german[0].text_body and '20.04.2026' in german[0].text_body
    assert f'/portal/invoices/{invoice.id}' in german[0].text_body
    assert (await Reminder.get(document_id=invoice.id)).recipients == 2


async def test_two_runs_at_once_send_each_reminder_once(db, moving_clock):
    await factories.business(timezone=ZONE)
    invoices = []
    for n in range(4):
        contact = await factories.contact(f'Client {n}')
        await factories.person(contact, f'person{n}@example.com')
        invoices.append(await factories.invoice(contact, 1000 + n, issued=ISSUED, due_in_days=19))
    await save_schedule()
    moving_clock.set(at(4, 28))
    first, second = await asyncio.gather(run_job(SEND_REMINDERS, process='a'), run_job(SEND_REMINDERS, process='b'))
    assert first.done + second.done == 4 and first.failed == second.failed == 0
    assert await Reminder.all().count() == 4
    assert await OutgoingMail.filter(kind='reminder').count() == 4


async def test_a_broken_address_fails_that_invoice_whole_and_the_run_goes_on(db, moving_clock):
    acme, casey, invoice = await acme_owing()
    other = await factories.contact('Globex')
    gail = await factories.person(other, 'gail@globex.example')
    fine = await factories.invoice(other, 9000, issued=ISSUED, due_in_days=19)
    await ContactPerson.filter(id=gail.id).update(email='gail@@globex')  # stored before addresses were checked
    await save_schedule(fees={7: Fee('flat', amount=2500)}, late_fees=True)
    moving_clock.set(at(4, 28))
    assert await remind() == (1, 0, 1)
    assert await levels_sent(invoice.id) == [7] and await levels_sent(fine.id) == []
    assert await Document.filter(contact_id=other.id).count() == 1  # no late fee stayed behind
    assert await OutgoingMail.filter(contact_id=other.id).count() == 0
    assert not await JobUnit.filter(key=f'{fine.id}:7').exists()
    page = await jobs.list_jobs(await factories.staff_actor())
    (reminders,) = [job for job in page.jobs if job.name == SEND_REMINDERS]
    assert [(f.label, f.reason) for f in reminders.failures] == [
        (fine.number, 'The address "gail@@globex" of Casey Client cannot receive email.')]

    await ContactPerson.filter(id=gail.id).update(email='gail@globex.example')  # corrected: the next run sends it
    assert await remind() == (1, 0, 0)
    assert await levels_sent(fine.id) == [7]
    assert casey.contact_id == acme.id


@pytest.mark.parametrize('closed', ['reminders off', 'portal off'])
async def test_nothing_is_sent_while_reminders_or_the_portal_are_off(db, moving_clock, closed):
    _acme, _casey, invoice = await acme_owing()
    await save_schedule(on=closed != 'reminders off')
    if closed == 'portal off':
        await Business.all().update(portal_enabled=False)
    moving_clock.set(at(5, 1))
    assert await remind() == (0, 0, 0)
    assert await levels_sent(invoice.id) == []
