"""Staff create, edit, send, convert and void estimates and invoices, on a real database."""
from datetime import timedelta
from decimal import Decimal

import pytest

from domain import clock
from domain.documents import estimates, invoices
from domain.documents import staff as staff_documents
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.errors import Conflict, Invalid, SessionEnded
from domain.models import (
    Document,
    DocumentKind,
    DocumentLine,
    EstimateStatus,
    InvoiceStatus,
    NumberSequence,
    OutgoingMail,
    PortalAccess,
    Session,
)
from tests import factories


def draft(contact_id, kind=DocumentKind.ESTIMATE, *lines: LineDraft, **fields) -> DocumentDraft:
    today = clock.today()
    values = {'issue_date': today.isoformat()}
    if kind == DocumentKind.ESTIMATE:
        values['expiry_date'] = (today + timedelta(days=30)).isoformat()
    values.update(fields)
    return DocumentDraft(kind=kind, contact_id=contact_id,
                         lines=list(lines) or [LineDraft('Design', 'Two pages', '2', '450.00', '10')], **values)


@pytest.fixture
async def acme(db):
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation', payment_terms=14)
    await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return contact


async def test_a_new_estimate_is_a_draft_with_the_totals_of_its_lines(acme):
    actor = await factories.staff_actor()
    estimate_id = await estimates.create_estimate(actor, draft(
        acme.id, DocumentKind.ESTIMATE,
        LineDraft('Design', '', '2', '450.00', '10'), LineDraft('Hosting', '', '1.5', '49.99', ''),
        LineDraft(), reference='Website', notes='Thanks'))
    document = await Document.get(id=estimate_id)
    assert (document.number, document.status, document.reference) == ('EST-000001', 'draft', 'Website')
    assert (document.subtotal, document.tax_total, document.total) == (97499, 9000, 106499)
    names = await DocumentLine.filter(document_id=estimate_id).order_by('position').values_list('name', flat=True)
    assert names == ['Design', 'Hosting']  # the blank third line is ignored


@pytest.mark.parametrize(('line', 'field', 'message'), [
    (LineDraft('Design', '', '-1', '10'), 'lines.0.quantity', 'The quantity must be more than zero.'),
    (LineDraft('Design', '', 'two', '10'), 'lines.0.quantity', 'Enter a quantity as a number.'),
    (LineDraft('Design', '', '1', '-5'), 'lines.0.rate', 'The rate cannot be negative.'),
    (LineDraft('Design', '', '1', 'ten'), 'lines.0.rate', 'Enter a rate as a number.'),
    (LineDraft('Design', '', '1', '10.005'), 'lines.0.rate', 'Use at most two decimals.'),
    (LineDraft('', 'only words', '1', '10'), 'lines.0.name', 'Enter the item.'),
    (LineDraft('Design', '', '1', '10', '120'), 'lines.0.tax_percent', 'The tax must be between 0 and 100 percent.'),
])
async def test_bad_lines_are_refused_next_to_the_field_and_nothing_is_saved(acme, line, field, message):
    actor = await factories.staff_actor()
    with pytest.raises(Invalid) as refused:
        await estimates.create_estimate(actor, draft(acme.id, DocumentKind.ESTIMATE, LineDraft('Fine', '', '1', '1'),
                                                     line))
    assert refused.value.fields == {field.replace('.0.', '.1.'): message}
    assert await Document.all().count() == 0
    assert await NumberSequence.all().count() == 0


async def test_a_document_without_lines_or_with_dates_out_of_order_is_refused(acme):
    actor = await factories.staff_actor()
    today = clock.today()
    with pytest.raises(Invalid) as refused:
        await estimates.create_estimate(actor, DocumentDraft(
            DocumentKind.ESTIMATE, acme.id, issue_date=today.isoformat(),
            expiry_date=(today - timedelta(days=1)).isoformat(), lines=[LineDraft()]))
    assert refused.value.fields == {'lines': 'Add at least one line with an item and a rate.',
                                    'expiry_date': 'The expiry date cannot be before the estimate date.'}
    with pytest.raises(Invalid) as refused:
        await invoices.create_invoice(actor, draft(acme.id, DocumentKind.INVOICE,
                                                   due_date=(today - timedelta(days=1)).isoformat()))
    assert refused.value.fields == {'due_date': 'The due date cannot be before the invoice date.'}
    with pytest.raises(Invalid) as refused:
        await invoices.create_invoice(actor, draft(None, DocumentKind.INVOICE, issue_date='31/12/2025'))
    assert refused.value.fields == {'contact': 'Choose a customer.', 'issue_date': 'Enter the date as YYYY-MM-DD.'}
    assert await Document.all().count() == 0


async def test_sending_an_estimate_emails_each_person_with_portal_access_a_link_and_the_pdf(acme):
    await factories.person(acme, 'jamie@acme.example', first_name='Jamie', is_primary=False)
    await factories.person(acme, 'nobody@acme.example', password=None, access=PortalAccess.INVITED, is_primary=False)
    actor = await factories.staff_actor()
    estimate_id = await estimates.create_estimate(actor, draft(acme.id))
    assert await estimates.send_estimate(actor, estimate_id) == 2
    document = await Document.get(id=estimate_id)
    assert document.status == EstimateStatus.SENT and document.sent_at is not None
    mails = await OutgoingMail.all().order_by('id')
    assert [m.to_address for m in mails] == ['alex@acme.example', 'jamie@acme.example']
    assert mails[0].subject == 'Estimate EST-000001 · Northwind Studio'
    assert f'/portal/estimates/{estimate_id}' in mails[0].text_body
    assert 'Hello Alex,' in mails[0].text_body and '$990.00' in mails[0].text_body
    assert mails[0].attachments == [{'document_id': estimate_id}]
    assert mails[0].contact_id == acme.id


async def test_with_nobody_to_email_sending_is_refused_unless_staff_choose_to_mark_it_sent(db):
    await factories.business()
    contact = await factories.contact('Umbrella Health')
    actor = await factories.staff_actor()
    estimate_id = await estimates.create_estimate(actor, draft(contact.id))
    with pytest.raises(Conflict, match='Nobody at Umbrella Health has portal access yet'):
        await estimates.send_estimate(actor, estimate_id)
    assert (await Document.get(id=estimate_id)).status == EstimateStatus.DRAFT
    assert await estimates.send_estimate(actor, estimate_id, without_email=True) == 0
    assert (await Document.get(id=estimate_id)).status == EstimateStatus.SENT
    assert await OutgoingMail.all().count() == 0


async def test_a_declined_estimate_is_edited_and_sent_again(acme):
    actor = await factories.staff_actor()
    estimate = await factories.estimate(acme, 10000, status=EstimateStatus.DECLINED, decline_reason='Too dear')
    await estimates.update_estimate(actor, estimate.id, draft(acme.id, DocumentKind.ESTIMATE,
                                                              LineDraft('Design', '', '1', '80.00')))
    await estimate.refresh_from_db()
    assert (estimate.status, estimate.total) == (EstimateStatus.DECLINED, 8000)
    await estimates.send_estimate(actor, estimate.id)
    await estimate.refresh_from_db()
    assert (estimate.status, estimate.decline_reason) == (EstimateStatus.SENT, '')


async def test_an_expired_estimate_cannot_be_accepted_or_sent_until_its_expiry_date_moves(acme):
    actor = await factories.staff_actor()
    estimate = await factories.estimate(acme, 10000, issued=clock.today() - timedelta(days=40), expires_in_days=30)
    with pytest.raises(Conflict, match='expired'):
        await estimates.mark_estimate(actor, estimate.id, 'accept', 'By phone')
    with pytest.raises(Conflict, match='has passed'):
        await estimates.send_estimate(actor, estimate.id)
    page = await estimates.get_estimate(actor, estimate.id)
    assert page.view.display_status == 'expired'
    assert page.actions == {'edit'}
    await estimates.update_estimate(actor, estimate.id, draft(
        acme.id, issue_date=estimate.issue_date.isoformat(),
        expiry_date=(clock.today() + timedelta(days=7)).isoformat()))
    shown = (await estimates.get_estimate(actor, estimate.id)).content_sha256
    await estimates.mark_estimate(actor, estimate.id, 'accept', 'By phone', shown_sha256=shown)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED


async def test_an_accepted_estimate_becomes_a_draft_invoice_with_the_same_lines_once(acme):
    actor = await factories.staff_actor()
    estimate_id = await estimates.create_estimate(actor, draft(
        acme.id, DocumentKind.ESTIMATE, LineDraft('Design', 'Home page', '2', '450', '10'),
        LineDraft('Copy', '', '3', '180'), reference='Website', terms='50% up front'))
    await Document.filter(id=estimate_id).update(status=EstimateStatus.ACCEPTED)
    invoice_id = await estimates.convert_to_invoice(actor, estimate_id)
    invoice = await Document.get(id=invoice_id)
    assert (invoice.kind, invoice.status, invoice.number) == (DocumentKind.INVOICE, InvoiceStatus.DRAFT, 'INV-000001')
    assert (invoice.total, invoice.reference, invoice.terms) == (153000, 'Website', '50% up front')
    assert invoice.due_date == clock.today() + timedelta(days=14)  # Acme's payment terms
    lines = await DocumentLine.filter(document_id=invoice_id).order_by('position')
    assert [(line.name, line.description, line.quantity, line.rate, line.tax_percent) for line in lines] == [
        ('Design', 'Home page', Decimal(2), 45000, Decimal(10)), ('Copy', '', Decimal(3), 18000, Decimal(0))]
    estimate_page = await estimates.get_estimate(actor, estimate_id)
    assert estimate_page.view.display_status == 'invoiced'
    assert [d.number for d in estimate_page.derived] == ['INV-000001']
    assert (await invoices.get_invoice(actor, invoice_id)).source.number == 'EST-000001'
    with pytest.raises(Conflict):
        await estimates.convert_to_invoice(actor, estimate_id)
    assert await Document.filter(kind=DocumentKind.INVOICE).count() == 1


async def test_deleting_the_draft_invoice_gives_the_estimate_back_its_accepted_status(acme):
    actor = await factories.staff_actor()
    estimate = await factories.estimate(acme, 10000, status=EstimateStatus.ACCEPTED)
    invoice_id = await estimates.convert_to_invoice(actor, estimate.id)
    assert await staff_documents.delete_draft(actor, invoice_id) == '/staff/invoices'
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED
    with pytest.raises(Conflict, match='Only a draft'):
        await staff_documents.delete_draft(actor, estimate.id)


async def test_an_invoice_without_a_due_date_is_due_after_the_contacts_terms(acme):
    actor = await factories.staff_actor()
    invoice_id = await invoices.create_invoice(actor, draft(acme.id, DocumentKind.RETAINER, online_payment='none',
                                                            allow_partial_payments=True))
    invoice = await Document.get(id=invoice_id)
    assert (invoice.number, invoice.due_date) == ('RET-000001', clock.today() + timedelta(days=14))
    assert (invoice.online_payment, invoice.allow_partial_payments) == ('none', True)


async def test_sending_an_invoice_links_to_the_portal_and_voiding_closes_it(acme):
    actor = await factories.staff_actor()
    invoice_id = await invoices.create_invoice(actor, draft(acme.id, DocumentKind.INVOICE))
    await invoices.send_invoice(actor, invoice_id)
    mail = await OutgoingMail.get()
    assert mail.subject == 'Invoice INV-000001 · Northwind Studio'
    assert f'/portal/invoices/{invoice_id}' in mail.text_body and 'pay it online by card' in mail.text_body
    assert mail.attachments == [{'document_id': invoice_id}]
    assert (await invoices.get_invoice(actor, invoice_id)).actions == {'edit', 'send', 'record_payment', 'void'}
    await invoices.void_invoice(actor, invoice_id)
    page = await invoices.get_invoice(actor, invoice_id)
    assert (page.view.display_status, page.actions) == ('void', frozenset())
    with pytest.raises(Conflict, match='already void'):
        await invoices.void_invoice(actor, invoice_id)


async def test_a_paid_invoice_cannot_be_voided_and_its_total_cannot_drop_below_the_payments(acme):
    actor = await factories.staff_actor()
    invoice = await factories.invoice(acme, 10000)
    await factories.payment(acme, [(invoice, 6000)])
    with pytest.raises(Conflict, match='has payments'):
        await invoices.void_invoice(actor, invoice.id)
    with pytest.raises(Invalid) as refused:
        await invoices.update_invoice(actor, invoice.id, draft(acme.id, DocumentKind.INVOICE,
                                                               LineDraft('Less', '', '1', '50.00')))
    assert refused.value.fields == {'lines': 'The new total ($50.00) is less than the $60.00 already paid.'}
    await invoices.update_invoice(actor, invoice.id, draft(acme.id, DocumentKind.INVOICE,
                                                           LineDraft('Exactly', '', '1', '60.00')))
    await invoice.refresh_from_db()
    assert (invoice.total, invoice.status) == (6000, InvoiceStatus.PAID)


async def test_the_customer_of_a_sent_document_cannot_change(acme):
    actor = await factories.staff_actor()
    other = await factories.contact('Globex Ltd')
    invoice = await factories.invoice(acme, 10000)
    with pytest.raises(Invalid) as refused:
        await invoices.update_invoice(actor, invoice.id, draft(other.id, DocumentKind.INVOICE))
    assert 'contact' in refused.value.fields
    assert (await Document.get(id=invoice.id)).contact_id == acme.id


async def test_an_ended_session_can_do_nothing(acme):
    actor = await factories.staff_actor()
    await Session.filter(id=actor.session_id).delete()
    with pytest.raises(SessionEnded):
        await estimates.create_estimate(actor, draft(acme.id))
    assert await Document.all().count() == 0
