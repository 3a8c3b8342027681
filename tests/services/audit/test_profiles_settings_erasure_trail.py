"""What the audit trail keeps of recurring profiles (started and paused by staff, their invoices made by the
scheduler as the system), of the e-invoicing details saved, and of a person erased: who, on what, the fields before
and after, and of an erasure nothing of what was erased."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

from domain.audit import reading
from domain.audit.reading import TrailFilter
from domain.contacts.erasure import erase_person
from domain.einvoices.settings import EInvoiceSettingsForm, save_einvoice_settings
from domain.models import AuditEntry, Document, PersonErasure
from domain.recurring.profiles import pause_profile, profile_for_editing, resume_profile, update_profile
from tests import factories
from tests.services.audit.test_credit_and_refunds_trail import OFFICE, by_field
from tests.services.recurring.conftest import ZONE, at, make, start_profile


async def owner():
    return replace(await factories.staff_actor('olivia@northwind.example', name='Olivia Owner'), ip=OFFICE)


async def test_a_profile_started_its_invoice_made_by_the_scheduler_and_the_profile_paused(db, moving_clock):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    moving_clock.set(at(2028, 1, 31, 6))
    staff = await owner()
    profile_id = await start_profile(staff, acme.id, date(2028, 1, 31), payment_terms='14')
    assert await make() == (1, 0, 0)  # its first date is today
    await pause_profile(staff, profile_id)

    created, made, paused = await AuditEntry.filter(contact_id=acme.id).order_by('id')
    assert [(row.action, row.actor_kind, row.staff_id) for row in (created, made, paused)] == [
        ('recurring.created', 'staff', staff.staff_id), ('recurring.invoice_made', 'system', None),
        ('recurring.paused', 'staff', staff.staff_id)]
    assert (created.target_kind, created.target_id, created.target_label) == ('recurring_profile', profile_id,
                                                                              f'#{profile_id}')
    schedule = by_field(created)
    assert (schedule['frequency'], schedule['start_date'], schedule['payment_terms'], schedule['total']) == (
        (None, 'monthly'), (None, '2028-01-31'), (None, '14'), (None, 12000))
    invoice = await Document.get(recurring_profile_id=profile_id)
    assert (made.document_id, made.target_label) == (invoice.id, invoice.number)
    assert by_field(made)['status'] == (None, 'sent') and by_field(made)['due_date'] == (None, '2028-02-14')
    assert (paused.target_id, paused.changes) == (profile_id, [
        {'field': 'status', 'type': 'text', 'before': 'active', 'after': 'paused'}])
    page = await reading.trail(staff, TrailFilter(contact_id=acme.id))
    assert [(row.who, row.action) for row in page.rows] == [
        ('Olivia Owner (staff)', 'Recurring profile paused'), ('The scheduler', 'Recurring invoice made'),
        ('Olivia Owner (staff)', 'Recurring profile created')]


async def test_the_e_invoicing_details_saved_are_kept_with_what_they_were_before(db):
    await factories.business(name='Northwind Studio')
    staff = await owner()
    form = EInvoiceSettingsForm(legal_name='Northwind Studio GmbH', postcode='10115', city='Berlin', country='DE',
                                iban='DE89 3704 0044 0532 0130 00')
    await save_einvoice_settings(staff, form)
    await save_einvoice_settings(staff, replace(form, postcode='20095', city='Hamburg'))

    first, second = await AuditEntry.filter(action='settings.einvoices').order_by('id')
    assert (first.actor_kind, first.staff_id, first.ip) == ('staff', staff.staff_id, OFFICE)
    assert by_field(first) == {'legal_name': ('', 'Northwind Studio GmbH'), 'postcode': ('', '10115'),
                               'city': ('', 'Berlin'), 'country': ('', 'DE'), 'iban': ('', 'DE89370400440532013000')}
    assert by_field(second) == {'postcode': ('10115', '20095'), 'city': ('Berlin', 'Hamburg')}
    page = await reading.trail(staff, TrailFilter(action='settings.einvoices'))
    assert page.rows[0].action == 'E-invoicing details changed' and 'City: Berlin -> Hamburg' in page.rows[0].changes


async def test_erasing_a_person_is_kept_as_the_owner_s_without_anything_that_was_erased(db):
    await factories.business(name='Northwind Studio')
    staff = await owner()
    acme = await factories.contact('Acme Corporation')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Adams',
                                  phone='+1 555 0100')

    await erase_person(staff, alex.id)

    entry = await AuditEntry.get(action='person.erased')
    assert (entry.actor_kind, entry.staff_id, entry.ip, entry.contact_id, entry.target_kind, entry.target_id,
            entry.target_label) == ('staff', staff.staff_id, OFFICE, acme.id, 'person', alex.id,
                                    f'Erased person #{alex.id}')
    assert entry.changes == [{'field': 'portal_access', 'type': 'text', 'before': 'active', 'after': 'disabled'},
                             {'field': 'receives_statements', 'type': 'bool', 'before': True, 'after': False}]
    stored = repr(await AuditEntry.filter(id=entry.id).values())
    assert 'Alex' not in stored and 'Adams' not in stored and 'alex@acme' not in stored and '0100' not in stored
    assert await PersonErasure.filter(person_id=alex.id, erased_by_id=staff.staff_id).count() == 1
    page = await reading.trail(staff, TrailFilter(who=f'person:{alex.id}'))
    assert [(row.action, row.who, row.target) for row in page.rows] == [
        ('Personal data erased', 'Olivia Owner (staff)', f'Erased person #{alex.id}')]


async def test_a_profile_edited_and_resumed_keeps_only_the_schedule_fields_that_changed(db, moving_clock):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    acme = await factories.contact('Acme Corporation')
    moving_clock.set(at(2028, 3, 10))
    staff = await owner()
    profile_id = await start_profile(staff, acme.id, date(2028, 3, 31))
    editing = await profile_for_editing(staff, profile_id)
    editing.draft.payment_terms, editing.draft.invoice.lines[0].rate = '7', '150.00'
    await update_profile(staff, profile_id, editing.draft)
    await pause_profile(staff, profile_id)
    await resume_profile(staff, profile_id)

    edited = await AuditEntry.get(action='recurring.edited')
    assert by_field(edited) == {'payment_terms': ('30', '7'), 'total': (12000, 15000)}
    resumed = await AuditEntry.get(action='recurring.resumed')
    assert by_field(resumed) == {'status': ('paused', 'active')}  # still before its first date: the same next date
