"""Hostile text put into the demo database through the domain's own use cases, as a staff user and a client would
(`python -m tests.e2e.portal.hostile_seed` with the server's DATABASE_URL). Prints the ids the browser test opens, as JSON.

Typing every payload into every field in the browser would make the test slow; the fields themselves are proven by
the part of the test that types into them, and by tests/services/test_control_characters.py. A few rows also get a
NUL byte written straight into the database, as data stored before the input rules existed.
"""
from __future__ import annotations

import asyncio
import json
from datetime import timedelta

from tortoise import Tortoise, connections

from domain import clock, tokens
from domain.access import staff_users
from domain.actors import PortalActor, StaffActor
from domain.business import settings as portal_settings
from domain.contacts import companies as contacts
from domain.contacts.persons import PersonForm
from domain.conversation import comments
from domain.documents import estimates, forwarding, invoices
from domain.documents import portal as portal_documents
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.models import (
    Contact,
    ContactPerson,
    DocumentKind,
    OutgoingMail,
    Session,
    SessionKind,
    StaffUser,
)
from domain.overview.demo import CLIENT_EMAIL, STAFF_EMAIL
from domain.payments import offline as payments

QUOTE = 'Acme" :data-x="(window.__xss=1,document.title=\'PWNED\')" y="'
TAGS = '<img src=x onerror="window.__xss=1">'
VUE = '{{ (window.__xss=1) }}'
JS = '${window.__xss=1}'
PAYLOADS = (QUOTE, TAGS, VUE, JS)
ALL = '\n'.join(PAYLOADS)
HOSTILE_NAME = f'Hostile {TAGS}'


async def _session(**who) -> Session:
    now = clock.now()
    return await Session.create(key_hash=tokens.digest(tokens.new_secret()), created_at=now, last_seen_at=now,
                                expires_at=now + timedelta(hours=1), **who)


async def staff_actor() -> StaffActor:
    user = await StaffUser.get(email=STAFF_EMAIL)
    session = await _session(kind=SessionKind.STAFF, staff=user)
    return StaffActor(session_id=session.id, staff_id=user.id, name=user.name, email=user.email, is_owner=True,
                      must_change_password=False)


async def portal_actor() -> PortalActor:
    person = await ContactPerson.get(email=CLIENT_EMAIL)
    session = await _session(kind=SessionKind.PORTAL, person=person)
    return PortalActor(session_id=session.id, person_id=person.id, contact_id=person.contact_id,  # type: ignore[attr-defined]
                       name=person.name, email=person.email)


def _draft(kind: DocumentKind, contact_id: int) -> DocumentDraft:
    today = clock.today().isoformat()
    return DocumentDraft(kind=kind, contact_id=contact_id, issue_date=today, reference=JS, notes=ALL, terms=ALL,
                         lines=[LineDraft(name=QUOTE, description=f'{TAGS}\n{VUE}', quantity='1', rate='120'),
                                LineDraft(name=VUE, description=JS, quantity='2', rate='15')])


async def seed() -> dict[str, int]:
    staff = await staff_actor()
    client = await portal_actor()
    acme_id = client.contact_id

    hostile_id = await contacts.create_contact(staff, contacts.ContactForm(
        display_name=HOSTILE_NAME, company_name=QUOTE, billing_address=f'{VUE}\n{JS}', shipping_address=TAGS,
        notes=ALL, email='billing@hostile.example'), PersonForm(first_name=VUE, last_name=JS,
                                                                email='eve@hostile.example'))
    invoice_id = await invoices.create_invoice(staff, _draft(DocumentKind.INVOICE, acme_id))
    await invoices.send_invoice(staff, invoice_id)
    hostile_invoice = await invoices.create_invoice(staff, _draft(DocumentKind.INVOICE, hostile_id))
    await invoices.send_invoice(staff, hostile_invoice, without_email=True)
    estimate_id = await estimates.create_estimate(staff, _draft(DocumentKind.ESTIMATE, acme_id))
    await estimates.send_estimate(staff, estimate_id)

    await portal_documents.decline_estimate(client, estimate_id, ALL)
    await comments.post_reply(staff, invoice_id, ALL, display_in_portal=True, email_client=False)
    await forwarding.forward_document(client, invoice_id, 'sam@acme.example', ALL)
    await payments.record_payment(staff, acme_id, payments.PaymentDraft(
        date=clock.today().isoformat(), amount='10.00', mode='cash', reference=QUOTE, notes=ALL,
        allocations={invoice_id: '10.00'}))
    await payments.record_payment(staff, hostile_id, payments.PaymentDraft(
        date=clock.today().isoformat(), amount='5.00', mode='cash', reference=JS, notes=ALL,
        allocations={hostile_invoice: '5.00'}))
    await staff_users.add_staff(staff, QUOTE, 'eve@northwind.example', 'a long enough pass phrase')
    profile = (await portal_settings.get_settings(staff)).business
    profile.address = ALL
    await portal_settings.save_business_profile(staff, profile)

    # stored before the input rules: a NUL in the name that made /staff/payments answer 500 for every staff user
    await Contact.filter(id=hostile_id).update(display_name=f'{HOSTILE_NAME}\x00 {QUOTE}')
    forward = await OutgoingMail.filter(to_address='sam@acme.example').first()
    return {'acme': acme_id, 'hostile': hostile_id, 'invoice': invoice_id, 'hostile_invoice': hostile_invoice,
            'estimate': estimate_id, 'forward_mail': forward.id if forward else 0}


async def main() -> None:
    from integrations.database import tortoise_config
    await Tortoise.init(config=tortoise_config())
    try:
        print(json.dumps(await seed()))
    finally:
        await connections.close_all()


if __name__ == '__main__':
    asyncio.run(main())
