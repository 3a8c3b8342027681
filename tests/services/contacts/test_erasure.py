"""The owner erases a client person's personal data on request: the person can no longer sign in, their old links
and sessions are dead, their name is gone from what kept it, and the invoices, payments and acceptance records stay."""
from __future__ import annotations

from datetime import timedelta

import pytest

from domain import sessions, tokens
from domain.access import account, auth, signing
from domain.balances.rebuild import disagreements
from domain.contacts.erasure import erase_person, erased_email
from domain.errors import NotAllowed, NotFound, SessionEnded
from domain.models import (
    AccessToken,
    Comment,
    ContactPerson,
    Document,
    MailStatus,
    OutgoingMail,
    Payment,
    PersonErasure,
    PortalAccess,
    SessionKind,
    TokenPurpose,
)
from tests import factories

BROWSER = auth.Client(ip='203.0.113.5', browser_id='browser-1')


async def test_an_erased_person_cannot_sign_in_and_their_links_fail_while_the_records_stay(db):
    await factories.business()
    owner = await factories.staff_actor('owner@example.com', name='Olivia Owner')
    acme = await factories.contact('Acme')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Adams', phone='+1 555 0100')
    invoice = await factories.invoice(acme, 50_000)
    paid = await factories.payment(acme, [(invoice, 20_000)])
    await factories.comment(invoice, 'Paid half, the rest next week', person=alex)
    signed_in = await sessions.resolve_session(
        SessionKind.PORTAL, (await auth.complete_sign_in(await signing.sign_in(
            SessionKind.PORTAL, 'alex@acme.example', factories.PASSWORD, BROWSER), BROWSER.browser_id))[1])
    assert signed_in is not None
    reset_link = await tokens.issue(alex, TokenPurpose.PASSWORD_RESET, timedelta(hours=1))
    await OutgoingMail.create(kind='reset', to_address='alex@acme.example', to_name='Alex Adams', subject='Reset',
                              text_body='Dear Alex', html_body='<p>Dear Alex</p>', status=MailStatus.SENT)
    await OutgoingMail.create(kind='activity', to_address='alex@acme.example', subject='Waiting', text_body='Alex',
                              html_body='Alex', status=MailStatus.PENDING)

    await erase_person(owner, alex.id)

    erased = await ContactPerson.get(id=alex.id)
    assert (erased.name, erased.email, erased.phone, erased.password_hash) == (
        f'Erased person #{alex.id}', erased_email(alex.id), '', None)
    assert erased.portal_access == PortalAccess.DISABLED
    with pytest.raises(SessionEnded):
        await sessions.check(signed_in)
    with pytest.raises(NotAllowed) as refused:
        await signing.sign_in(SessionKind.PORTAL, 'alex@acme.example', factories.PASSWORD, BROWSER)
    assert refused.value.message == auth.WRONG_CREDENTIALS  # the same words as for an unknown address
    assert await account.reset_details(reset_link) is None
    assert await AccessToken.filter(person_id=alex.id).count() == 0
    assert [comment.author_name for comment in await Comment.filter(person_id=alex.id)] == [erased.name]
    mails = await OutgoingMail.all().values('to_address', 'to_name', 'text_body', 'subject')
    assert mails == [{'to_address': erased_email(alex.id), 'to_name': '', 'text_body': '', 'subject': 'Reset'}]

    assert (await Document.get(id=invoice.id)).amount_paid == 20_000  # the financial records stay as they were
    assert (await Payment.get(id=paid.id)).amount == 20_000
    assert await disagreements() == []
    (record,) = await PersonErasure.all()
    assert (record.person_id, record.contact_id, record.erased_by_name) == (alex.id, acme.id, 'Olivia Owner')

    with pytest.raises(NotFound):
        await erase_person(owner, alex.id)  # once is enough


async def test_only_the_owner_erases(db):
    await factories.business()
    await factories.staff_actor('owner@example.com')
    sam = await factories.staff_actor('sam@example.com', is_owner=False)
    alex = await factories.person(await factories.contact(), 'alex@acme.example')
    with pytest.raises(NotAllowed):
        await erase_person(sam, alex.id)
    assert (await ContactPerson.get(id=alex.id)).email == 'alex@acme.example'
