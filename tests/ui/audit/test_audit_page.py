"""The owner's Audit trail page: what changed reads in words, the filters narrow it and stay in the address, the CSV
has the same rows; a staff member who is not the owner has no such page, nor the download."""
from dataclasses import replace

from nicegui import ui
from nicegui.testing import User

from components.common.nav_links import NavLinks
from domain.conversation import comments
from domain.documents import invoices
from domain.documents import staff as staff_documents
from domain.models import AuditEntry, InvoiceStatus
from tests import factories
from tests.ui.conftest import sign_in


def navigation(user: User) -> list[str]:
    (links,) = user.find(kind=NavLinks).elements
    return links.texts


async def story(user: User):
    await user.open('/staff/login')
    await factories.business()
    owner = await factories.staff('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme Corporation')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    invoice = await factories.invoice(acme, 20000, status=InvoiceStatus.SENT)
    other = await factories.invoice(acme, 5000, status=InvoiceStatus.DRAFT)
    actor = replace(await factories.staff_actor('helper@example.com', name='Hana Helper'), ip='192.0.2.44')
    editing = await staff_documents.document_for_editing(actor, invoice.id, staff_documents.INVOICES)
    editing.draft.due_date = '2031-05-20'
    await invoices.update_invoice(actor, invoice.id, editing.draft)
    await invoices.send_invoice(actor, other.id, without_email=True)
    client = replace(await factories.portal_actor(alex), ip='198.51.100.4')
    await comments.post_comment(client, invoice.id, 'Is the new date right?')
    return owner, invoice, other


async def test_the_owner_filters_the_trail_by_a_document_and_downloads_it(user: User):
    _owner, invoice, other = await story(user)
    await sign_in(user, 'staff', 'owner@example.com')
    assert 'Audit trail' in navigation(user)

    await user.open(f'/staff/audit?document={invoice.number}')
    await user.should_see('2 entries', retries=30)
    await user.should_see('Invoice edited')
    await user.should_see('Hana Helper (staff) · from 192.0.2.44')
    await user.should_see('Due date:', retries=5)
    (change,) = [label.text for label in user.find(kind=ui.label, content='Due date:').elements]
    assert change.endswith('-> 20 May 2031')
    await user.should_see('Comment posted')
    await user.should_see('Alex Morgan (client) · from 198.51.100.4')
    await user.should_see('Comment: — -> Is the new date right?')
    await user.should_not_see(other.number)

    user.find(marker='audit-kind').elements.pop().set_value('comment.added')
    await user.should_see('1 entry', retries=30)
    await user.should_not_see('Invoice edited')

    csv = await user.http_client.get(f'/staff/audit.csv?document={invoice.number}')
    assert csv.status_code == 200
    assert csv.headers['content-type'].startswith('text/csv')
    assert 'attachment' in csv.headers['content-disposition']
    lines = csv.text.strip().splitlines()
    assert lines[0] == 'When,Who,Network address,What,Contact,Document or item,Changes,Note'
    assert len(lines) == 3
    assert 'Comment posted' in lines[1] and 'Invoice edited' in lines[2] and '192.0.2.44' in lines[2]

    whole = await user.http_client.get('/staff/audit.csv')
    assert len(whole.text.strip().splitlines()) == 1 + await AuditEntry.all().count()


async def test_a_staff_member_who_is_not_the_owner_has_no_audit_trail(user: User):
    await story(user)
    await factories.staff('sam@example.com', name='Sam Staff', is_owner=False)
    await sign_in(user, 'staff', 'sam@example.com')
    assert 'Audit trail' not in navigation(user)
    await user.open('/staff/audit')
    await user.should_see('Only the owner can read the audit trail.', retries=30)
    await user.should_not_see('Invoice edited')
    assert (await user.http_client.get('/staff/audit.csv')).status_code == 404


async def test_a_day_in_the_address_that_is_not_a_date_is_no_filter(user: User):
    await story(user)
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/audit?start=2026-02-31&end=soon')
    await user.should_see('Invoice edited', retries=30)
    assert (await user.http_client.get('/staff/audit.csv?start=2026-02-31')).status_code == 200
