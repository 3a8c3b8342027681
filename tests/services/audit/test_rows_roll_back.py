"""A change and its audit row are written together or not at all: when the database refuses the row, the change
made just before it in the same transaction is undone, for staff changes and client actions alike.

The refusal is the database's own (a trigger on the trail's table), as a full disk or a dropped connection would
fail the row's INSERT. Making `audit.record` raise in Python would fail before the INSERT reaches the database, and
so would not show that the row and the change share one database transaction.
"""
import pytest
from tortoise import connections

from domain import sessions
from domain.access import second_factor, staff_users
from domain.contacts import my_details, statement_emails
from domain.jobs import staff as jobs
from domain.mail import compose as mail
from domain.mail import outbox
from domain.models import (
    AuditEntry,
    Contact,
    ContactPerson,
    Document,
    MailStatus,
    OutgoingMail,
    SecondFactor,
    Session,
    StaffUser,
)
from domain.reminders import history
from tests import factories, second_factor_support
from tests.second_factor_support import code_for, stored_secret

frozen_clock = second_factor_support.frozen_clock

SQLITE = """CREATE TRIGGER audit_refused BEFORE INSERT ON audit_entry
BEGIN SELECT RAISE(ABORT, 'audit row refused'); END"""
POSTGRES = """CREATE FUNCTION audit_refused() RETURNS trigger LANGUAGE plpgsql AS
$$ BEGIN RAISE EXCEPTION 'audit row refused'; END $$;
CREATE TRIGGER audit_refused BEFORE INSERT ON audit_entry FOR EACH ROW EXECUTE FUNCTION audit_refused()"""


async def refuse_audit_rows() -> None:
    """From now on the database refuses every new row of the trail."""
    connection = connections.get('default')
    if connection.capabilities.dialect == 'postgres':
        await connection.execute_script(POSTGRES)
    else:
        await connection.execute_query(SQLITE)


def refused():
    return pytest.raises(Exception, match='audit row refused')


@pytest.fixture
async def acme(db):
    await factories.business()
    return await factories.contact('Acme Corporation')


async def test_reminders_stay_as_they_were_when_the_row_is_refused(acme):
    owner = await factories.staff_actor()
    invoice = await factories.invoice(acme, 10000)
    await refuse_audit_rows()
    with refused():
        await history.set_contact_reminders(owner, acme.id, False)
    with refused():
        await history.pause_reminders(owner, invoice.id, True)
    assert (await Contact.get(id=acme.id)).send_reminders
    assert not (await Document.get(id=invoice.id)).reminders_paused
    assert await AuditEntry.all().count() == 0


async def test_staff_users_stay_as_they_were_when_the_row_is_refused(acme):
    owner = await factories.staff_actor()
    sam = await factories.staff('sam@example.com', is_owner=False, is_active=False)
    await refuse_audit_rows()
    with refused():
        await staff_users.add_staff(owner, 'Robin Roe', 'robin@example.com', 'a-long-new-password-9')
    with refused():
        await staff_users.enable_staff(owner, sam.id)
    with refused():
        await staff_users.set_staff_language(owner, sam.id, 'de')
    with refused():
        await jobs.allow_running_jobs(owner, sam.id, True)
    assert not await StaffUser.exists(email='robin@example.com')
    sam = await StaffUser.get(id=sam.id)
    assert (sam.is_active, sam.language, sam.may_run_jobs) == (False, 'en', False)


async def test_a_failed_email_stays_failed_when_the_retry_cannot_be_recorded(acme):
    owner = await factories.staff_actor()
    row = await mail.queue('invitation', 'casey@acme.example', 'Hello', greeting='Hi,', paragraphs=['Welcome.'])
    await OutgoingMail.filter(id=row.id).update(status=MailStatus.FAILED, attempts=3, last_error='550 nope')
    await refuse_audit_rows()
    with refused():
        await outbox.retry_mail(owner, row.id)
    assert (await OutgoingMail.get(id=row.id)).status == MailStatus.FAILED


async def test_a_clients_own_details_stay_as_they_were_when_the_row_is_refused(acme):
    casey = await factories.person(acme, 'casey@acme.example')
    actor = await factories.portal_actor(casey)
    await refuse_audit_rows()
    with refused():
        await my_details.update_my_account(actor, first_name='Kasey', last_name='Client', phone='', mobile='')
    with refused():
        await my_details.set_my_language(actor, 'fr')
    with refused():
        await statement_emails.set_my_statement_emails(actor, False)
    casey = await ContactPerson.get(id=casey.id)
    assert (casey.first_name, casey.language, casey.receives_statements) == ('Casey', 'en', True)


async def test_a_client_stays_signed_in_when_the_sign_out_cannot_be_recorded(acme):
    actor = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    await refuse_audit_rows()
    with refused():
        await sessions.sign_out(actor)
    assert await Session.exists(id=actor.session_id)


async def test_two_step_sign_in_stays_off_when_switching_it_on_cannot_be_recorded(acme, frozen_clock):
    casey = await factories.person(acme, 'casey@acme.example')
    actor = await factories.portal_actor(casey)
    await second_factor.start_setup(actor)
    secret = await stored_secret(person_id=casey.id)
    await refuse_audit_rows()
    with refused():
        await second_factor.confirm_setup(actor, code_for(secret))
    assert not (await second_factor.factor_status(actor)).on
    assert await SecondFactor.filter(person_id=casey.id, confirmed_at=None).count() == 1
