"""What the audit trail keeps of each change, on a real database: written with the change or not at all, only the
fields that changed with their values before and after, never a secret, and read back only by the owner."""
from dataclasses import replace
from datetime import date

import pytest

from domain.access import auth, signing, staff_users
from domain.audit import reading
from domain.audit.reading import TrailFilter
from domain.conversation import comments
from domain.documents import invoices
from domain.documents import staff as staff_documents
from domain.errors import NotAllowed
from domain.models import AuditEntry, Document, InvoiceStatus, SessionKind
from tests import factories

BROWSER = auth.Client(ip='203.0.113.5', browser_id='browser-1')


@pytest.fixture
async def acme(db):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation')
    await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return contact


async def owner():
    return replace(await factories.staff_actor('olivia@northwind.example', name='Olivia Owner'), ip='192.0.2.10')


async def test_a_new_due_date_is_kept_with_who_when_where_and_the_dates_before_and_after(acme):
    actor = await owner()
    invoice = await factories.invoice(acme, 20000, issued=date(2026, 3, 1), due_in_days=4)
    editing = await staff_documents.document_for_editing(actor, invoice.id, staff_documents.INVOICES)
    editing.draft.due_date = '2026-03-20'
    await invoices.update_invoice(actor, invoice.id, editing.draft)

    entry = await AuditEntry.get(action='invoice.edited')
    assert (entry.actor_kind, entry.staff_id, entry.actor_name, entry.ip) == ('staff', actor.staff_id,
                                                                              'Olivia Owner', '192.0.2.10')
    assert (entry.contact_id, entry.document_id, entry.target_label) == (acme.id, invoice.id, invoice.number)
    assert entry.changes == [{'field': 'due_date', 'type': 'date', 'before': '2026-03-05', 'after': '2026-03-20'}]
    page = await reading.trail(actor, TrailFilter(document=invoice.number))
    assert [(row.action, row.who, row.contact, row.changes) for row in page.rows] == [
        ('Invoice edited', 'Olivia Owner (staff)', 'Acme Corporation', ['Due date: 05 Mar 2026 -> 20 Mar 2026'])]


async def test_amounts_are_kept_in_minor_units_with_their_currency(acme):
    actor = await owner()
    invoice = await factories.invoice(acme, 20000)
    editing = await staff_documents.document_for_editing(actor, invoice.id, staff_documents.INVOICES)
    editing.draft.lines[0].rate = '250.00'
    await invoices.update_invoice(actor, invoice.id, editing.draft)
    entry = await AuditEntry.get(action='invoice.edited')
    totals = [change for change in entry.changes if change['field'] == 'total']
    assert totals == [{'field': 'total', 'type': 'money', 'before': 20000, 'after': 25000, 'currency': 'USD'}]
    page = await reading.trail(actor, TrailFilter())
    assert 'Total: $200.00 -> $250.00' in page.rows[0].changes


async def test_a_use_case_that_fails_after_writing_its_row_leaves_no_row(acme, monkeypatch):
    """delete_draft writes its row before it settles the balances: a failure there rolls both back together."""
    actor = await owner()
    draft = await factories.invoice(acme, 5000, status=InvoiceStatus.DRAFT)

    async def broken(_held):
        raise RuntimeError('the database went away')
    monkeypatch.setattr(staff_documents, 'settle', broken)
    with pytest.raises(RuntimeError):
        await staff_documents.delete_draft(actor, draft.id)
    assert await Document.exists(id=draft.id)
    assert await AuditEntry.all().count() == 0

    monkeypatch.undo()
    await staff_documents.delete_draft(actor, draft.id)
    entry = await AuditEntry.get(action='draft.deleted')
    assert (entry.document_id, entry.target_label) == (draft.id, draft.number)


async def test_a_password_is_kept_only_as_changed_never_its_hash(acme):
    actor = await owner()
    colleague = await staff_users.add_staff(actor, 'Sam Staff', 'sam@northwind.example', 'first-password-42')
    await staff_users.reset_staff_password(actor, colleague, 'second-password-42')
    rows = await AuditEntry.all().order_by('id')
    assert [row.action for row in rows] == ['staff.added', 'password.reset']
    added, reset = rows
    assert {'field': 'password_hash', 'type': 'secret'} in added.changes
    assert reset.changes == [{'field': 'password_hash', 'type': 'secret'}]  # already had to change it
    from domain.models import StaffUser
    stored = (await StaffUser.get(id=colleague)).password_hash
    for row in rows:
        assert stored not in repr(row.changes) and 'password-42' not in repr(row.changes)
    page = await reading.trail(actor, TrailFilter(who=f'staff:{colleague}'))
    assert page.rows[0].changes == ['Password: changed']


async def test_sign_ins_and_failed_sign_ins_are_kept_without_the_typed_address_of_a_stranger(acme):
    await signing.sign_in(SessionKind.PORTAL, 'alex@acme.example', factories.PASSWORD, BROWSER)
    with pytest.raises(NotAllowed):
        await signing.sign_in(SessionKind.PORTAL, 'alex@acme.example', 'not-the-password', BROWSER)
    with pytest.raises(NotAllowed):
        await signing.sign_in(SessionKind.STAFF, 'jordan.private@mail.example', 'whatever-it-is', BROWSER)
    rows = await AuditEntry.all().order_by('id')
    assert [(r.action, r.actor_kind, r.actor_name, r.ip, r.target_label, r.contact_id) for r in rows] == [
        ('sign_in', 'client', 'Alex Morgan', '203.0.113.5', 'Alex Morgan', acme.id),
        ('sign_in.failed', 'anonymous', '', '203.0.113.5', 'Alex Morgan', acme.id),
        ('sign_in.failed', 'anonymous', '', '203.0.113.5', '…@mail.example', None),
    ]
    assert 'jordan' not in repr([await AuditEntry.all().values()])


async def test_a_client_comment_is_kept_as_the_client_s(acme):
    alex = await factories.portal_actor(await acme.persons.all().first())  # type: ignore[attr-defined]
    invoice = await factories.invoice(acme, 10000)
    await comments.post_comment(replace(alex, ip='198.51.100.4'), invoice.id, 'Can we pay in two parts?')
    entry = await AuditEntry.get(action='comment.added')
    assert (entry.actor_kind, entry.person_id, entry.ip, entry.document_id) == ('client', alex.person_id,
                                                                                '198.51.100.4', invoice.id)
    assert entry.changes == [{'field': 'body', 'type': 'text', 'before': None, 'after': 'Can we pay in two parts?'}]


async def test_only_the_owner_reads_the_trail(acme):
    await owner()
    colleague = await factories.staff_actor('sam@northwind.example', is_owner=False)
    with pytest.raises(NotAllowed):
        await reading.trail(colleague, TrailFilter())
    with pytest.raises(NotAllowed):
        [line async for line in reading.csv_lines(colleague, TrailFilter())]


async def test_the_filters_and_the_csv_give_the_same_rows_newest_first(acme):
    actor = await owner()
    first = await factories.invoice(acme, 10000, status=InvoiceStatus.DRAFT)
    second = await factories.invoice(acme, 20000, status=InvoiceStatus.DRAFT)
    await invoices.send_invoice(actor, first.id)
    await invoices.send_invoice(actor, second.id)
    await invoices.void_invoice(actor, second.id)
    page = await reading.trail(actor, TrailFilter(document=second.number))
    assert [row.action for row in page.rows] == ['Invoice voided', 'Invoice sent']
    assert page.rows[0].changes == ['Status: sent -> void']
    page = await reading.trail(actor, TrailFilter(action='invoice.sent'))
    assert [row.target for row in page.rows] == [second.number, first.number]
    assert (await reading.trail(actor, TrailFilter(since='2000-01-01', until='2000-01-02'))).total == 0
    text = ''.join([line async for line in reading.csv_lines(actor, TrailFilter(contact_id=acme.id))])
    lines = text.strip().splitlines()
    assert lines[0].startswith('When,Who,Network address,What,Contact')
    assert len(lines) == 4 and 'Invoice voided' in lines[1] and '192.0.2.10' in lines[1]


async def test_what_the_scheduler_does_is_kept_as_the_system_s(acme):
    from datetime import timedelta

    from domain import clock
    from domain.documents import estimates
    actor = await owner()
    stale = await factories.estimate(acme, 9000, issued=clock.today() - timedelta(days=40), expires_in_days=30)
    assert await estimates.expire_estimate(stale.id, clock.today()) is not None
    page = await reading.trail(actor, TrailFilter(document=stale.number))
    assert [(row.action, row.who, row.contact) for row in page.rows] == [
        ('Estimate expired', 'The scheduler', 'Acme Corporation')]
