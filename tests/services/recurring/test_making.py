"""The scheduler makes recurring invoices: one per profile and period on its date where the business is, never twice
however many runs, with month ends kept (31 January, then 29 February, then 31 March), every missed period made
with its own dates after days without a run (and staff told), sent with the PDF as staff send one or kept as a
draft, the lines' period placeholders written in the contact's language, until the profile ends by itself."""
from __future__ import annotations

from datetime import date

import pytest

from domain.activity.log import recent_activity
from domain.jobs.catalogue import MAKE_RECURRING_INVOICES
from domain.models import Activity, Document, InvoiceStatus, JobUnit, OutgoingMail, RecurringProfile
from domain.recurring.rules import add_months, period_date
from tests import factories
from tests.services.recurring.conftest import ZONE, at, made, made_dates, make, start_profile


async def acme(language: str = 'en'):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    contact = await factories.contact('Acme')
    await factories.person(contact, 'casey@acme.example', language=language)
    return contact


def test_a_month_end_falls_on_the_last_day_of_shorter_months_and_comes_back_after():
    assert [add_months(date(2027, 1, 31), n) for n in range(4)] == [
        date(2027, 1, 31), date(2027, 2, 28), date(2027, 3, 31), date(2027, 4, 30)]
    assert add_months(date(2028, 1, 31), 1) == date(2028, 2, 29)
    assert [period_date(date(2026, 8, 31), 'quarterly', n) for n in range(3)] == [
        date(2026, 8, 31), date(2026, 11, 30), date(2027, 2, 28)]
    assert period_date(date(2028, 2, 29), 'yearly', 1) == date(2029, 2, 28)
    assert period_date(date(2026, 3, 2), 'biweekly', 2) == date(2026, 3, 30)
    assert period_date(date(2026, 1, 15), 'halfyearly', 1) == date(2026, 7, 15)


async def test_a_monthly_profile_makes_one_invoice_each_month_on_its_date_and_sends_it(db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2028, 1, 20))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2028, 1, 31), payment_terms='14')

    assert await make() == (0, 0, 0)  # not its date yet
    for month, day in ((1, 31), (2, 29), (3, 31), (4, 30)):
        moving_clock.set(at(2028, month, day, 6))  # 07:00 or 08:00 in Berlin
        assert await make() == (1, 0, 0)
        assert await make() == (0, 0, 0)  # the next run finds nothing more to do
    dates = await made_dates(profile_id)
    assert [issued for issued, _due in dates] == [date(2028, 1, 31), date(2028, 2, 29), date(2028, 3, 31),
                                                  date(2028, 4, 30)]
    assert [(due - issued).days for issued, due in dates if due] == [14] * 4
    invoices = await made(profile_id)
    assert [invoice.status for invoice in invoices] == [InvoiceStatus.SENT] * 4
    assert [line.name for invoice in invoices for line in await invoice.lines.all()] == [
        'Hosting January 2028', 'Hosting February 2028', 'Hosting March 2028', 'Hosting April 2028']
    assert {invoice.total for invoice in invoices} == {12000}
    mails = await OutgoingMail.filter(kind='invoice_sent').order_by('id')
    assert [m.subject for m in mails] == [f'Invoice {invoice.number} · Northwind Studio' for invoice in invoices]
    assert all(m.to_address == 'casey@acme.example' and m.attachments for m in mails)
    assert await JobUnit.filter(job=MAKE_RECURRING_INVOICES).count() == 4
    profile = await RecurringProfile.get(id=profile_id)
    assert (profile.made_count, profile.next_date, profile.status) == (4, date(2028, 5, 31), 'active')


async def test_after_days_without_a_run_each_missed_period_is_made_once_with_its_own_dates_and_staff_are_told(
        db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2026, 3, 1))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2026, 3, 2), frequency='weekly', name='Week of {date}')
    moving_clock.set(at(2026, 3, 25))  # the server was down from 1 to 25 March: four weeks missed

    assert await make() == (4, 0, 0)
    assert await make() == (0, 0, 0)
    assert [issued for issued, _due in await made_dates(profile_id)] == [date(2026, 3, d) for d in (2, 9, 16, 23)]
    assert [(due - issued).days for issued, due in await made_dates(profile_id) if due] == [30] * 4
    names = [line.name for invoice in await made(profile_id) for line in await invoice.lines.all()]
    assert names == ['Week of 02 Mar 2026', 'Week of 09 Mar 2026', 'Week of 16 Mar 2026', 'Week of 23 Mar 2026']
    told = [row for row in await recent_activity(20) if row.kind == 'recurring']
    assert len(told) == 4
    assert told[-1].sentence.startswith('Invoice ') and told[-1].sentence.endswith(
        'for Acme was made from a recurring profile')
    assert sorted(row.detail for row in told) == sorted(
        f'Made late, on 25 Mar 2026, for {day:02d} Mar 2026: the scheduler had not run.' for day in (2, 9, 16, 23))
    assert await OutgoingMail.filter(kind='invoice_sent').count() == 4


async def test_a_profile_ends_by_itself_after_its_number_of_invoices_or_on_its_end_date(db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2026, 1, 1))
    actor = await factories.staff_actor()
    counted = await start_profile(actor, contact.id, date(2026, 1, 5), end_kind='count', end_count='2')
    dated = await start_profile(actor, contact.id, date(2026, 1, 10), frequency='biweekly', end_kind='date',
                                end_date='2026-02-06')
    moving_clock.set(at(2026, 6, 1))
    assert await make() == (4, 0, 0)
    assert [issued for issued, _due in await made_dates(counted)] == [date(2026, 1, 5), date(2026, 2, 5)]
    assert [issued for issued, _due in await made_dates(dated)] == [date(2026, 1, 10), date(2026, 1, 24)]
    assert {p.status for p in await RecurringProfile.all()} == {'ended'}
    moving_clock.set(at(2027, 6, 1))
    assert await make() == (0, 0, 0)


async def test_an_invoice_kept_for_review_waits_as_a_draft_and_no_email_goes(db, moving_clock):
    contact = await acme()
    moving_clock.set(at(2026, 5, 1))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2026, 5, 1), send_by_itself=False)
    assert await make() == (1, 0, 0)
    (invoice,) = await made(profile_id)
    assert invoice.status == InvoiceStatus.DRAFT and invoice.sent_at is None
    assert await OutgoingMail.all().count() == 0
    assert await Activity.filter(kind='recurring', document_id=invoice.id).count() == 1


@pytest.mark.parametrize(('language', 'name', 'description'), [
    ('en', 'Hosting February 2028', '01 Feb 2028 to 29 Feb 2028'),
    ('de', 'Hosting Februar 2028', '01.02.2028 bis 29.02.2028'),
    ('fr', 'Hosting février 2028', 'Du 1 févr. 2028 au 29 févr. 2028'),
    ('es', 'Hosting febrero 2028', 'Del 1 feb 2028 al 29 feb 2028'),
])
async def test_the_period_placeholders_are_written_in_the_contacts_language(db, moving_clock, language, name,
                                                                             description):
    contact = await acme(language)
    moving_clock.set(at(2028, 2, 1))
    actor = await factories.staff_actor()
    profile_id = await start_profile(actor, contact.id, date(2028, 2, 1), description='{period}')
    assert await make() == (1, 0, 0)
    (invoice,) = await made(profile_id)
    (line,) = await invoice.lines.all()
    assert line.name == name
    assert await Document.filter(recurring_profile_id=profile_id).count() == 1
    assert line.description == description


async def test_with_e_invoicing_on_an_invoice_is_made_for_its_service_period_and_kept_as_a_draft_while_incomplete(
        db, moving_clock):
    from domain.einvoices import port
    from integrations.einvoice.formats import Formats
    from tests.services.einvoices.conftest import german_business, german_client
    port.use(Formats())
    try:
        await german_business(timezone=ZONE)
        complete, incomplete = await german_client('Kunde AG'), await german_client('Ohne Ort GmbH', country='',
                                                                                   city='', postcode='')
        for contact in (complete, incomplete):
            await factories.person(contact, f'einkauf@{contact.id}.example', language='de')
        moving_clock.set(at(2028, 1, 20))
        actor = await factories.staff_actor()
        sent_id = await start_profile(actor, complete.id, date(2028, 1, 31), payment_terms='14')
        draft_id = await start_profile(actor, incomplete.id, date(2028, 1, 31), payment_terms='14')
        moving_clock.set(at(2028, 1, 31, 6))
        await make()
    finally:
        port.use(None)
    (sent,), (draft,) = await made(sent_id), await made(draft_id)
    assert (sent.status, sent.period_start, sent.period_end) == (InvoiceStatus.SENT, date(2028, 1, 31),
                                                                 date(2028, 2, 28))
    assert draft.status == InvoiceStatus.DRAFT
    told = await Activity.get(document_id=draft.id)
    assert 'Kept as a draft: its e-invoice is not complete.' in told.detail
