"""The scheduler emails statements: on the first day of each month or quarter where the business is, each contact
set to receive them gets the statement of the period just ended, once, to each person with portal access who has
not stopped it, in that person's language, with the PDF of that period attached; after a pause only the latest
period goes."""
from __future__ import annotations

import asyncio
import dataclasses
import io
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from pypdf import PdfReader

import settings
from domain import clock, formats
from domain.contacts.statement_emails import (
    my_statement_emails,
    set_my_statement_emails,
    set_statement_schedule,
    statement_emails,
)
from domain.errors import Invalid, NotFound
from domain.events import Event, EventKind, bus
from domain.formats import money
from domain.jobs.catalogue import EMAIL_STATEMENTS
from domain.jobs.runner import run_job
from domain.jobs.staff import list_jobs
from domain.mail.attachments import mail_attachment, mail_attachments
from domain.mail.outbox import mark_failed
from domain.models import Contact, JobUnit, OutgoingMail, PortalAccess, Session
from domain.statements.emailed import email_statement
from integrations.mail_sender import MailSender
from integrations.pdf import render_attachment
from tests import factories
from tests.conftest import Mailbox

ZONE = 'America/Los_Angeles'  # 7 hours behind UTC from 8 March 2026


def at(year: int, month: int, day: int, hour: int, minute: int = 0) -> datetime:
    """A moment given in UTC."""
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


def text_of(pdf: bytes) -> str:
    assert pdf.startswith(b'%PDF-')
    return re.sub(r'\s+', ' ', ' '.join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))


async def still_signed_in(*actors):
    """The actors' sessions, kept alive while the clock moved on by weeks."""
    now = clock.now()
    for actor in actors:
        await Session.filter(id=actor.session_id).update(last_seen_at=now, expires_at=now + timedelta(hours=12))
    return actors


async def send_statements(process: str = 'test') -> tuple[int, int, int]:
    summary = await run_job(EMAIL_STATEMENTS, process=process)
    return summary.done, summary.skipped, summary.failed


async def statement_mail() -> list[OutgoingMail]:
    return await OutgoingMail.filter(kind='statement').order_by('id')


async def acme_monthly(moving_clock, schedule: str = 'monthly', set_on: datetime | None = None):
    """Acme in US dollars, with Kai (German), Casey (English), someone not yet invited; set to `schedule` on the
    day given, by the owner."""
    await factories.business(timezone=ZONE)
    acme = await factories.contact('Acme')
    kai = await factories.person(acme, 'kai@acme.example', first_name='Kai', last_name='Koch', language='de')
    casey = await factories.person(acme, 'casey@acme.example', is_primary=False)
    await factories.person(acme, 'new@acme.example', access=PortalAccess.INVITED, is_primary=False)
    moving_clock.set(set_on or at(2026, 3, 10, 18))
    owner = await factories.staff_actor()
    assert await set_statement_schedule(owner, acme.id, schedule) == schedule
    return acme, kai, casey, owner


async def test_a_monthly_statement_goes_on_the_first_day_where_the_business_is_to_each_person_once(db, moving_clock):
    acme, _kai, _casey, owner = await acme_monthly(moving_clock)
    march = await factories.invoice(acme, 123456, issued=date(2026, 3, 5))
    await factories.payment(acme, [(march, 23456)], paid_on=date(2026, 3, 20))
    april = await factories.invoice(acme, 5000, issued=date(2026, 4, 1))

    moving_clock.set(at(2026, 3, 15, 20))  # February ended before the schedule was set: it is not sent
    assert await send_statements() == (0, 0, 0)
    moving_clock.set(at(2026, 4, 1, 6, 30))  # 1 April in UTC, still 23:30 on 31 March in Los Angeles
    assert await send_statements() == (0, 0, 0)

    seen: list[Event] = []
    unsubscribe = bus.subscribe(seen.append)
    moving_clock.set(at(2026, 4, 1, 13, 5))  # 06:05 on 1 April in Los Angeles
    assert await send_statements() == (1, 0, 0)
    unsubscribe()
    assert await send_statements() == (0, 0, 0)  # done: nothing is found to do again that day
    moving_clock.set(at(2026, 4, 20, 13))
    assert await send_statements() == (0, 0, 0)  # nor later in the month

    german, english = await statement_mail()
    assert (german.to_address, english.to_address) == ('kai@acme.example', 'casey@acme.example')
    assert german.contact_id == english.contact_id == acme.id
    assert german.subject == 'Kontoauszug für März 2026 · Test Studio'
    assert english.subject == 'Statement of accounts for March 2026 · Test Studio'
    assert 'Hello Casey,' in english.text_body
    assert 'Here is your statement of accounts for March 2026. The PDF is attached.' in english.text_body
    assert 'Your balance on 31 Mar 2026 was $1,000.00.' in english.text_body
    link = f'{settings.get().public_url}/portal/statement?period=custom&start=2026-03-01&end=2026-03-31'
    assert f'View statement: {link}' in english.text_body
    assert 'switch it off in My Account' in english.text_body
    with formats.reading('de'):
        assert f'Ihr Saldo am 31.03.2026 betrug {money(100000, "USD")}.' in german.text_body
    assert 'Hallo Kai,' in german.text_body
    assert german.attachments == [{'statement_of': acme.id, 'start': '2026-03-01', 'end': '2026-03-31',
                                   'name': 'Kontoauszug-Acme-2026-03-01-2026-03-31.pdf', 'language': 'de'}]
    assert english.attachments == [{'statement_of': acme.id, 'start': '2026-03-01', 'end': '2026-03-31',
                                    'name': 'Statement-Acme-2026-03-01-2026-03-31.pdf'}]
    assert await JobUnit.filter(job=EMAIL_STATEMENTS).values_list('key', flat=True) == [f'{acme.id}:2026-03-01']
    assert {e.data['mail_id'] for e in seen if e.kind == EventKind.MAIL_CHANGED} == {german.id, english.id}

    name, pdf = await render_attachment(german.attachments[0])  # the PDF of March, in German
    assert name == 'Kontoauszug-Acme-2026-03-01-2026-03-31.pdf'
    text = text_of(pdf)
    assert 'KONTOAUSZUG' in text and '01.03.2026 bis 31.03.2026' in text and march.number in text
    assert april.number not in text and 'Statement' not in text
    name, pdf = await render_attachment(english.attachments[0])
    assert name == 'Statement-Acme-2026-03-01-2026-03-31.pdf'
    assert 'STATEMENT OF ACCOUNTS' in text_of(pdf) and '01 Mar 2026 to 31 Mar 2026' in text_of(pdf)

    # staff see the attachment under the name the recipient got it with, and open the same PDF
    await still_signed_in(owner)
    listed = await mail_attachments(owner, german.id)
    assert [(a.name, a.available) for a in listed] == [('Kontoauszug-Acme-2026-03-01-2026-03-31.pdf', True)]
    assert await mail_attachment(owner, german.id, 0) == german.attachments[0]


async def test_the_email_reaches_the_mail_server_with_the_statement_pdf_in_the_persons_language(
        db, moving_clock, smtp_server):
    acme, *_ = await acme_monthly(moving_clock)
    await OutgoingMail.all().delete()
    await factories.invoice(acme, 123456, issued=date(2026, 3, 5))
    moving_clock.set(at(2026, 4, 1, 13, 5))
    assert await send_statements() == (1, 0, 0)
    box = Mailbox()
    config = dataclasses.replace(settings.get(), smtp_host='127.0.0.1', smtp_port=smtp_server(box).port,
                                 smtp_tls='none', mail_from='portal@studio.example')
    await MailSender(config, timeout=10.0, render_attachment=render_attachment).run_once()

    by_address = {message['To'].addresses[0].addr_spec: message for message in box.received}
    assert set(by_address) == {'kai@acme.example', 'casey@acme.example'}
    (attachment,) = list(by_address['kai@acme.example'].iter_attachments())
    assert attachment.get_filename() == 'Kontoauszug-Acme-2026-03-01-2026-03-31.pdf'
    assert 'KONTOAUSZUG' in text_of(attachment.get_content())


async def test_a_quarterly_statement_goes_on_the_first_day_of_the_next_quarter_only(db, moving_clock):
    acme, *_ = await acme_monthly(moving_clock, 'quarterly', set_on=at(2026, 2, 10, 18))
    await factories.invoice(acme, 10000, issued=date(2026, 1, 15))
    await factories.invoice(acme, 20000, issued=date(2026, 3, 15))

    moving_clock.set(at(2026, 3, 1, 15))  # a new month, not a new quarter
    assert await send_statements() == (0, 0, 0)
    moving_clock.set(at(2026, 4, 1, 6, 59))  # 23:59 on 31 March in Los Angeles
    assert await send_statements() == (0, 0, 0)
    moving_clock.set(at(2026, 4, 1, 7, 0))  # midnight: 1 April
    assert await send_statements() == (1, 0, 0)
    for moment in (at(2026, 5, 1, 13), at(2026, 6, 1, 13)):
        moving_clock.set(moment)
        assert await send_statements() == (0, 0, 0)
    moving_clock.set(at(2026, 7, 1, 13))
    assert await send_statements() == (1, 0, 0)

    subjects = [mail.subject for mail in await statement_mail()]
    assert subjects == ['Kontoauszug für Januar 2026 bis März 2026 · Test Studio',
                        'Statement of accounts for January 2026 to March 2026 · Test Studio',
                        'Kontoauszug für April 2026 bis Juni 2026 · Test Studio',
                        'Statement of accounts for April 2026 to June 2026 · Test Studio']
    first = (await statement_mail())[1]
    assert 'Your balance on 31 Mar 2026 was $300.00.' in first.text_body
    assert 'on the first day of each quarter' in first.text_body
    assert first.attachments[0]['start'] == '2026-01-01' and first.attachments[0]['end'] == '2026-03-31'
    assert await JobUnit.filter(job=EMAIL_STATEMENTS).order_by('id').values_list('key', flat=True) == [
        f'{acme.id}:2026-01-01', f'{acme.id}:2026-04-01']


async def test_two_runs_at_once_send_each_statement_once(db, moving_clock):
    await factories.business(timezone=ZONE)
    owner = await factories.staff_actor()
    moving_clock.set(at(2026, 3, 10, 18))
    contacts = []
    for n in range(4):
        contact = await factories.contact(f'Client {n}')
        await factories.person(contact, f'p{n}@client.example')
        await set_statement_schedule(owner, contact.id, 'monthly' if n % 2 else 'quarterly')
        contacts.append(contact)

    moving_clock.set(at(2026, 4, 1, 14))
    first, second = await asyncio.gather(run_job(EMAIL_STATEMENTS, process='a'),
                                         run_job(EMAIL_STATEMENTS, process='b'))
    assert first.done + second.done == 4 and first.failed == second.failed == 0
    assert await send_statements() == (0, 0, 0)
    assert sorted(mail.to_address for mail in await statement_mail()) == [f'p{n}@client.example' for n in range(4)]
    for contact in contacts:
        assert await JobUnit.filter(job=EMAIL_STATEMENTS, key__startswith=f'{contact.id}:').count() == 1


async def test_after_a_pause_only_the_latest_period_is_sent(db, moving_clock):
    acme, *_ = await acme_monthly(moving_clock, set_on=at(2026, 1, 10, 18))
    moving_clock.set(at(2026, 2, 1, 15))
    assert await send_statements() == (1, 0, 0)  # January
    moving_clock.set(at(2026, 4, 15, 15))  # nothing ran from 2 February to 15 April
    assert await send_statements() == (1, 0, 0)
    assert await send_statements() == (0, 0, 0)
    periods = [(mail.attachments[0]['start'], mail.attachments[0]['end']) for mail in await statement_mail()]
    assert periods == [('2026-01-01', '2026-01-31')] * 2 + [('2026-03-01', '2026-03-31')] * 2  # February is not sent
    assert await JobUnit.filter(job=EMAIL_STATEMENTS).order_by('id').values_list('key', flat=True) == [
        f'{acme.id}:2026-01-01', f'{acme.id}:2026-03-01']


async def test_a_person_stops_and_restarts_their_own_statements_and_nobody_left_means_nothing_sent(db, moving_clock):
    acme, kai, casey, owner = await acme_monthly(moving_clock)
    kai_actor, casey_actor = await factories.portal_actor(kai), await factories.portal_actor(casey)
    assert await my_statement_emails(kai_actor) == await my_statement_emails(casey_actor)
    assert (await my_statement_emails(kai_actor)).schedule == 'monthly'

    stopped = await set_my_statement_emails(kai_actor, False)
    assert (stopped.schedule, stopped.receiving) == ('monthly', False)
    assert (await my_statement_emails(casey_actor)).receiving  # only Kai's own setting changed
    settings_seen = await statement_emails(owner, acme.id)
    assert (settings_seen.schedule, settings_seen.receiving, settings_seen.stopped) == (
        'monthly', ['Casey Client'], ['Kai Koch'])

    moving_clock.set(at(2026, 4, 1, 14))
    assert await send_statements() == (1, 0, 0)
    assert [mail.to_address for mail in await statement_mail()] == ['casey@acme.example']

    await set_my_statement_emails(*await still_signed_in(casey_actor), False)
    moving_clock.set(at(2026, 5, 1, 14))
    assert await send_statements() == (0, 0, 0)  # nobody receives it: April is not even looked at
    assert not await JobUnit.filter(key=f'{acme.id}:2026-04-01').exists()

    await still_signed_in(kai_actor, owner)
    await set_my_statement_emails(kai_actor, True)  # Kai starts again: April's statement goes on the next run
    assert await send_statements() == (1, 0, 0)
    assert [mail.to_address for mail in await statement_mail()] == ['casey@acme.example', 'kai@acme.example']

    with pytest.raises(Invalid):
        await set_my_statement_emails(kai_actor, 'yes')  # type: ignore[arg-type]
    with pytest.raises(NotFound):  # staff have no such setting of their own
        await set_my_statement_emails(owner, True)  # type: ignore[arg-type]


async def test_staff_set_the_schedule_on_a_contact_and_turning_it_off_stops_the_statements(db, moving_clock):
    acme, kai, _casey, owner = await acme_monthly(moving_clock)
    contact = await Contact.get(id=acme.id)
    assert (contact.statement_schedule, contact.statement_since) == ('monthly', date(2026, 3, 10))
    moving_clock.set(at(2026, 3, 20, 18))
    await still_signed_in(owner)
    await set_statement_schedule(owner, acme.id, 'monthly')  # the same again keeps the day it was set
    assert (await Contact.get(id=acme.id)).statement_since == date(2026, 3, 10)

    with pytest.raises(Invalid) as refused:
        await set_statement_schedule(owner, acme.id, 'weekly')
    assert refused.value.fields == {'statement_schedule': 'Choose none, monthly or quarterly.'}
    with pytest.raises(NotFound):
        await set_statement_schedule(owner, acme.id + 100, 'monthly')
    with pytest.raises(NotFound):  # a client person cannot set it, whatever a page shows
        await set_statement_schedule(await factories.portal_actor(kai), acme.id, 'none')  # type: ignore[arg-type]
    with pytest.raises(NotFound):
        await statement_emails(await factories.portal_actor(kai), acme.id)  # type: ignore[arg-type]

    await set_statement_schedule(owner, acme.id, 'none')
    assert (await Contact.get(id=acme.id)).statement_since is None
    moving_clock.set(at(2026, 4, 1, 14))
    assert await send_statements() == (0, 0, 0)
    assert await statement_mail() == []


async def test_a_statement_no_longer_due_when_its_turn_comes_is_not_sent(db, moving_clock):
    acme, *_ = await acme_monthly(moving_clock)
    april = date(2026, 4, 1)
    assert await email_statement(acme.id, date(2026, 2, 1), date(2026, 2, 28), april) is None  # not the latest
    await Contact.filter(id=acme.id).update(statement_schedule='quarterly')  # changed since the run listed it
    assert await email_statement(acme.id, date(2026, 3, 1), date(2026, 3, 31), april) is None
    assert await statement_mail() == []


async def test_a_statement_email_the_mail_server_refused_shows_among_the_jobs_failures(db, moving_clock):
    _acme, _kai, _casey, owner = await acme_monthly(moving_clock)
    moving_clock.set(at(2026, 4, 1, 14))
    assert await send_statements() == (1, 0, 0)
    german, _english = await statement_mail()
    await mark_failed(german.id, '550 No such user here')

    await still_signed_in(owner)
    (job,) = [job for job in (await list_jobs(owner)).jobs if job.name == EMAIL_STATEMENTS]
    assert [(failure.label, failure.reason) for failure in job.failures] == [
        ('Kontoauszug für März 2026 · Test Studio, to kai@acme.example', '550 No such user here')]
