"""Staff give client contact persons access to the portal, send the invitation again, and take access away."""
import re
from datetime import timedelta

from nicegui.testing import User

from domain import clock, sessions, tokens
from domain.access import auth, signing
from domain.access import portal as portal_access
from domain.models import AccessToken, Business, ContactPerson, OutgoingMail, PortalAccess, Session, SessionKind
from tests import factories
from tests.ui.conftest import click, sign_in, until

LINK = re.compile(r'http://[^\s]+/portal/invitation/([A-Za-z0-9_-]+)')


async def signed_in_staff(user: User) -> None:
    await user.open('/staff/login')
    await factories.business(portal_name='Northwind Client Portal')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')


async def person_access(person_id: int) -> str:
    return (await ContactPerson.get(id=person_id)).portal_access


async def test_enabling_the_portal_emails_a_single_use_link_valid_for_seven_days(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Not invited', retries=30)

    click(user, 'Enable portal')
    await user.should_see('Invitation sent to casey@acme.example.', retries=30)
    await user.should_see('Invited', retries=30)
    await user.should_see('Resend invitation', retries=30)
    assert await person_access(casey.id) == PortalAccess.INVITED

    mail = await OutgoingMail.get(to_address='casey@acme.example')
    assert mail.kind == 'invitation' and mail.contact_id == contact.id
    assert 'Northwind Client Portal' in mail.subject
    token = LINK.search(mail.text_body).group(1)
    assert token in mail.html_body
    stored = await AccessToken.get(person=casey)
    assert stored.token_hash == tokens.digest(token) and token not in stored.token_hash
    assert timedelta(days=6, hours=23) < stored.expires_at - clock.now() <= timedelta(days=7)
    assert (await tokens.find_valid(token, stored.purpose)).person.id == casey.id


async def test_resending_voids_the_old_link(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Enable portal')
    await user.should_see('Resend invitation', retries=30)
    click(user, 'Resend invitation')
    await user.should_see('A new invitation was sent to casey@acme.example.', retries=30)

    first, second = [LINK.search(m.text_body).group(1) for m in await OutgoingMail.all().order_by('id')]
    assert first != second
    purpose = (await AccessToken.first()).purpose
    assert await tokens.find_valid(first, purpose) is None
    assert await tokens.find_valid(second, purpose) is not None
    assert await person_access(casey.id) == PortalAccess.INVITED


async def test_disabling_the_portal_ends_the_persons_sessions_at_once(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@acme.example')
    browser = auth.Client(ip='198.51.100.7', browser_id='casey-phone')
    code = await signing.sign_in(SessionKind.PORTAL, 'casey@acme.example', factories.PASSWORD, browser)
    _, key = await auth.complete_sign_in(code, browser.browser_id)
    assert await sessions.resolve_session(SessionKind.PORTAL, key) is not None

    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Active', retries=30)
    click(user, 'Disable portal')
    await user.should_see('Disable portal access?', retries=30)
    with user.scope(marker='confirm-dialog'):
        click(user, 'Disable portal')
    await user.should_see('Portal access of Casey Client disabled.', retries=30)
    await user.should_see('Disabled', retries=30)
    assert await person_access(casey.id) == PortalAccess.DISABLED
    assert await Session.filter(person_id=casey.id).count() == 0
    assert await sessions.resolve_session(SessionKind.PORTAL, key) is None


async def test_the_contact_page_follows_changes_made_elsewhere(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Acme')
    casey = await factories.person(contact, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await user.open(f'/staff/contacts/{contact.id}')
    await user.should_see('Not invited', retries=30)
    colleague = await factories.staff_actor('colleague@example.com', name='Sam Staff', is_owner=False)
    await portal_access.enable_portal(colleague, casey.id)  # another staff member, in another browser
    await user.should_see('Resend invitation', retries=30)


async def test_a_contact_without_persons_is_told_to_add_one_first(user: User):
    await signed_in_staff(user)
    contact = await factories.contact('Umbrella Health')
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Enable portal')
    await user.should_see('Add a contact person first: portal access is given to a person, '
                          'and the invitation goes to their email.', retries=30)
    assert await OutgoingMail.all().count() == 0


async def test_an_email_used_by_another_portal_user_is_refused_next_to_the_field(user: User):
    await signed_in_staff(user)
    globex = await factories.contact('Globex')
    await factories.person(globex, 'grace@shared.example', access=PortalAccess.DISABLED)
    acme = await factories.contact('Acme')
    await user.open(f'/staff/contacts/{acme.id}')
    click(user, 'Add contact person')
    await user.should_see('Save person', retries=30)
    user.find(marker='person-first_name').type('Grace')
    user.find(marker='person-email').type('Grace@Shared.example')
    click(user, 'Save person')
    message = 'Another portal user already signs in with this email. Use a different address.'
    await until(lambda: _error(user, 'person-email'), equals=message)
    assert await ContactPerson.filter(contact=acme).count() == 0


async def test_enabling_a_person_whose_email_another_portal_user_has_is_refused(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    jamie = await factories.person(acme, 'jamie@shared.example', access=PortalAccess.NOT_INVITED, password=None)
    globex = await factories.contact('Globex')
    await factories.person(globex, 'jamie@shared.example', access=PortalAccess.INVITED, password=None)
    await user.open(f'/staff/contacts/{acme.id}')
    click(user, 'Enable portal')
    await user.should_see('Another portal user already signs in with this email.', retries=30)
    assert await person_access(jamie.id) == PortalAccess.NOT_INVITED
    assert await OutgoingMail.all().count() == 0


async def test_while_the_portal_is_turned_off_nobody_is_invited(user: User):
    await signed_in_staff(user)
    await Business.all().update(portal_enabled=False)
    contact = await factories.contact('Acme')
    await factories.person(contact, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await user.open(f'/staff/contacts/{contact.id}')
    click(user, 'Enable portal')
    await user.should_see('The client portal is turned off. Turn it on in Portal settings before inviting anyone.', retries=30)
    assert await OutgoingMail.all().count() == 0


async def test_bulk_invitation_reaches_primary_persons_and_reports_who_was_skipped(user: User):
    await signed_in_staff(user)
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@acme.example', access=PortalAccess.NOT_INVITED, password=None)
    await factories.person(acme, 'jamie@acme.example', access=PortalAccess.NOT_INVITED, password=None,
                           is_primary=False)
    globex = await factories.contact('Globex')
    await factories.person(globex, 'grace@globex.example')
    umbrella = await factories.contact('Umbrella Health')
    await factories.contact('Initech')  # not selected
    await user.open('/staff/contacts')
    for contact in (acme, globex, umbrella):
        user.find(marker=f'select-{contact.id}').click()
    await user.should_see('3 selected', retries=30)
    click(user, 'Invite primary persons to the portal')

    await user.should_see('Invited 1: Acme (casey@acme.example).', retries=30)
    await user.should_see('Skipped 2:', retries=30)
    await user.should_see('Globex: Casey Client already has portal access', retries=30)
    await user.should_see('Umbrella Health: it has no contact person yet', retries=30)
    assert await OutgoingMail.all().values_list('to_address', flat=True) == ['casey@acme.example']
    assert await ContactPerson.filter(portal_access=PortalAccess.INVITED).values_list('email', flat=True) \
        == ['casey@acme.example']
    await user.should_not_see('3 selected')


async def test_selecting_a_whole_page_selects_every_contact_on_it(user: User):
    await signed_in_staff(user)
    for name in ('Acme', 'Globex'):
        await factories.person(await factories.contact(name), f'someone@{name.lower()}.example',
                               access=PortalAccess.NOT_INVITED, password=None)
    await user.open('/staff/contacts')
    user.find(marker='select-page').click()
    await user.should_see('2 selected', retries=30)
    click(user, 'Invite primary persons to the portal')
    await user.should_see('Invited 2: Acme (someone@acme.example), Globex (someone@globex.example).', retries=30)
    assert await OutgoingMail.all().count() == 2


async def _error(user: User, marker: str) -> str | None:
    (element,) = user.find(marker=marker).elements
    return element.error  # type: ignore[attr-defined]
