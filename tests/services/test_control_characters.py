"""Every use case that stores text refuses control characters, and invisible formatting characters such as a
right-to-left override, with a message for the field, and saves nothing."""
from __future__ import annotations

from dataclasses import replace

import pytest

from domain.access import staff_users
from domain.business import settings as portal_settings
from domain.contacts import companies as contacts
from domain.contacts import my_details as account_details
from domain.contacts import persons as contact_persons
from domain.conversation import comments
from domain.documents import estimates, forwarding, invoices
from domain.documents import portal as portal_documents
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.errors import Invalid
from domain.models import (
    Business,
    Comment,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    EstimateStatus,
    OutgoingMail,
    Payment,
    StaffUser,
)
from domain.payments import offline as payments
from tests import factories

NUL = '\x00'


RLO = '\u202e'  # RIGHT-TO-LEFT OVERRIDE: "Acme\u202enaP" reads "AcmePan"


async def refused(action, said: str = 'control characters') -> dict[str, str]:
    with pytest.raises(Invalid) as error:
        await action
    assert all(said in message for message in error.value.fields.values()), error.value.fields
    return error.value.fields


async def portal_side():
    await factories.business(allow_forwarding=True, allow_company_edit=True)
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    return acme, await factories.portal_actor(casey)


async def test_my_account_and_my_company_details_refuse_a_nul_in_every_field(db):
    acme, actor = await portal_side()
    fields = await refused(account_details.update_my_account(actor, first_name=f'Casey{NUL}', last_name=f'C{NUL}',
                                                              phone=f'555{NUL}', mobile=f'556{NUL}'))
    assert set(fields) == {'first_name', 'last_name', 'phone', 'mobile'}
    fields = await refused(account_details.update_company_details(
        actor, company_name=f'Acme{NUL}', phone=f'1{NUL}', website=f'acme.example{NUL}',
        billing_address=f'1 Main{NUL}', shipping_address='2 Side\x1b'))
    assert set(fields) == {'company_name', 'phone', 'website', 'billing_address', 'shipping_address'}
    assert (await ContactPerson.get(contact_id=acme.id)).first_name == 'Casey'
    assert (await Contact.get(id=acme.id)).company_name == 'Acme'


async def test_comments_decline_reasons_and_forward_messages_refuse_control_characters(db):
    acme, actor = await portal_side()
    estimate = await factories.estimate(acme, 1000)
    await refused(comments.post_comment(actor, estimate.id, f'Hello{NUL}'))
    assert await refused(portal_documents.decline_estimate(actor, estimate.id, 'Too dear\x07')) == {
        'reason': 'Remove the control characters (such as NUL) from this text.'}
    assert set(await refused(forwarding.forward_document(actor, estimate.id, 'sam@acme.example', f'FYI{NUL}'))) \
        == {'message'}
    assert not await Comment.exists()
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await OutgoingMail.exists(to_address='sam@acme.example')
    await comments.post_comment(actor, estimate.id, 'Line one\n\tindented line two')  # tab and line break are fine
    assert (await Comment.get()).body == 'Line one\n\tindented line two'


async def test_staff_contacts_people_and_staff_users_refuse_control_characters(db):
    actor = await factories.staff_actor()
    form = contacts.ContactForm(display_name=f'Acme{NUL}', company_name='Acme\x85', notes=f'note{NUL}',
                                billing_address='1 Main\x9b', email='a@acme.example')
    fields = await refused(contacts.create_contact(actor, form))
    assert set(fields) == {'display_name', 'company_name', 'notes', 'billing_address'}
    acme = await factories.contact('Acme')
    await refused(contact_persons.add_person(actor, acme.id, contact_persons.PersonForm(
        first_name=f'Jo{NUL}', email='jo@acme.example')))
    assert set(await refused(staff_users.add_staff(actor, f'Sam{NUL}', 'sam@example.com', 'a fine pass phrase'))) \
        == {'name'}
    with pytest.raises(Invalid, match='control characters'):
        await staff_users.add_staff(actor, 'Sam', 'sam@example.com', 'a fine\x00pass phrase')
    assert await Contact.filter().count() == 1
    assert not await ContactPerson.exists()
    assert await StaffUser.filter().count() == 1


async def test_business_profile_banner_and_portal_name_refuse_control_characters(db):
    actor = await factories.staff_actor()
    await factories.business(name='Northwind')
    profile = portal_settings.BusinessForm(name=f'North{NUL}wind', email='hello@northwind.example',
                                           address=f'1 Pier{NUL}')
    assert set(await refused(portal_settings.save_business_profile(actor, profile))) == {'name', 'address'}
    settings = portal_settings.PortalSettingsForm(portal_name=f'Portal{NUL}', banner_message='Hi\x1b[31m')
    assert set(await refused(portal_settings.save_portal_settings(actor, settings))) == {'portal_name',
                                                                                         'banner_message'}
    with pytest.raises(Invalid) as error:
        await portal_settings.save_portal_settings(actor, replace(settings, portal_name='Portal', banner_message='',
                                                                  brand_color='red;x'))
    assert set(error.value.fields) == {'brand_color'}
    business = await Business.get()
    assert (business.name, business.banner_message, business.brand_color) == ('Northwind', '', '#1d4ed8')


async def test_documents_and_offline_payments_refuse_control_characters_and_are_not_saved(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    draft = DocumentDraft(kind=DocumentKind.INVOICE, contact_id=acme.id, issue_date='2026-03-01',
                          reference=f'PO{NUL}', notes=f'n{NUL}', terms=f't{NUL}',
                          lines=[LineDraft(name=f'Item{NUL}', description=f'd{NUL}', rate='10')])
    fields = await refused(invoices.create_invoice(actor, draft))
    assert set(fields) == {'reference', 'notes', 'terms', 'lines.0.name', 'lines.0.description'}
    await refused(estimates.create_estimate(actor, replace(draft, kind=DocumentKind.ESTIMATE)))
    assert not await Document.exists()

    invoice = await factories.invoice(acme, 10000)
    payment = payments.PaymentDraft(date='2026-03-01', amount='10.00', mode='cash', reference=f'R{NUL}',
                                    notes=f'N{NUL}')
    assert set(await refused(payments.record_payment(actor, acme.id, payment))) == {'reference', 'notes'}
    estimate = await factories.estimate(acme, 1000)
    assert set(await refused(estimates.mark_estimate(actor, estimate.id, 'decline', f'No{NUL}'))) == {'reason'}
    assert not await Payment.exists()
    assert (await Document.get(id=invoice.id)).amount_paid == 0
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


async def test_offline_payments_past_the_bound_or_out_of_range_dates_are_refused(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    await factories.invoice(acme, 10000)
    draft = payments.PaymentDraft(date='1899-12-31', amount='10000000000.01', mode='cash')
    with pytest.raises(Invalid) as error:
        await payments.record_payment(actor, acme.id, draft)
    assert error.value.fields == {'date': 'Enter a date between 1900 and 2200.',
                                  'amount': 'Enter at most 10,000,000,000.00.'}
    assert not await Payment.exists()


async def test_search_boxes_with_control_characters_find_as_if_they_were_not_there(db):
    actor = await factories.staff_actor()
    acme = await factories.contact('Acme')
    invoice = await factories.invoice(acme, 10000)
    from domain.documents import lists as document_lists
    page = await document_lists.list_documents(actor, document_lists.ListQuery(estimates=False,
                                                                               search=f'{invoice.number}{NUL}'))
    assert [row.id for row in page.rows] == [invoice.id]
    assert [row.id for row in (await contacts.list_contacts(actor, search=f'Ac{NUL}me')).rows] == [acme.id]


async def test_names_company_names_and_comments_refuse_a_right_to_left_override_on_both_sides(db):
    acme, actor = await portal_side()
    invisible = 'invisible formatting characters'
    fields = await refused(account_details.update_my_account(actor, first_name=f'Casey{RLO}', last_name=f'C{RLO}',
                                                             phone='', mobile=''),
                           invisible)
    assert set(fields) == {'first_name', 'last_name'}
    assert set(await refused(account_details.update_company_details(
        actor, company_name=f'Acme{RLO}naP', phone='', website='', billing_address='', shipping_address=''),
                             invisible)) == {'company_name'}
    estimate = await factories.estimate(acme, 1000)
    assert set(await refused(comments.post_comment(actor, estimate.id, f'Pay to {RLO}1234'), invisible)) == {'comment'}

    staff = await factories.staff_actor()
    form = contacts.ContactForm(display_name=f'Globex{RLO}', company_name='Globex\u2066Ltd', email='g@globex.example')
    assert set(await refused(contacts.create_contact(staff, form), invisible)) == {'display_name', 'company_name'}
    await refused(contact_persons.add_person(staff, acme.id, contact_persons.PersonForm(
        first_name='Jo\u200b', email='jo@acme.example')), invisible)
    assert set(await refused(staff_users.add_staff(staff, f'Sam{RLO}', 'sam@example.com', 'a fine pass phrase'),
                             invisible)) == {'name'}
    draft = DocumentDraft(kind=DocumentKind.INVOICE, contact_id=acme.id, issue_date='2026-03-01',
                          lines=[LineDraft(name='Design\ufeff work', rate='10')])
    assert set(await refused(invoices.create_invoice(staff, draft), invisible)) == {'lines.0.name'}
    assert (await ContactPerson.get(contact_id=acme.id)).first_name == 'Casey'
    assert (await Contact.get(id=acme.id)).company_name == 'Acme'
    assert not await Comment.exists() and await Contact.filter().count() == 1
    assert await ContactPerson.filter().count() == 1 and await StaffUser.filter().count() == 1
    assert await Document.filter(kind=DocumentKind.INVOICE).count() == 0
