"""Demo data for a fresh database: `seed` (run by `python -m commands.seed_demo`) seeds only when there is no business
yet.

Sign-ins (also in the README):
  staff   owner@northwind.example / northwind-owner-demo
  client  alex@acme.example       / acme-client-demo
"""
from __future__ import annotations

import random
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain import clock
from domain.access.passwords import hash_password
from domain.balances.store import payment_added
from domain.documents.rules import due_date_from_terms
from domain.documents.writing import LineSpec, create_document
from domain.models import (
    Business,
    Contact,
    ContactPerson,
    DocumentKind,
    EstimateStatus,
    InvoiceStatus,
    Payment,
    PaymentMode,
    PortalAccess,
    StaffUser,
)
from domain.payments.ledger import allocate

STAFF_EMAIL, STAFF_PASSWORD = 'owner@northwind.example', 'northwind-owner-demo'
CLIENT_EMAIL, CLIENT_PASSWORD = 'alex@acme.example', 'acme-client-demo'

SERVICES = [
    ('Website design', 'Layout and visual design, per page', 45000),
    ('Development', 'Front-end and back-end work, per hour', 9500),
    ('Hosting', 'Managed hosting, per month', 4900),
    ('Copywriting', 'Per page of finished text', 18000),
    ('Photography', 'Half-day product shoot', 60000),
    ('Support plan', 'Priority support, per month', 25000),
    ('SEO audit', 'Full technical review with report', 120000),
]

CONTACTS = [
    # company, email, terms, persons: (first, last, email, access)
    ('Acme Corporation', 'accounts@acme.example', 30, [
        ('Alex', 'Morgan', CLIENT_EMAIL, PortalAccess.ACTIVE),
        ('Jamie', 'Lee', 'jamie@acme.example', PortalAccess.NOT_INVITED),
    ]),
    ('Globex Ltd', 'finance@globex.example', 14, [('Grace', 'Hopper', 'grace@globex.example', PortalAccess.INVITED)]),
    ('Initech', 'ap@initech.example', 30, [('Peter', 'Gibbons', 'peter@initech.example', PortalAccess.NOT_INVITED)]),
    ('Stark Industries', 'billing@stark.example', 45, [('Pepper', 'Potts', 'pepper@stark.example', PortalAccess.DISABLED)]),
    ('Umbrella Health', 'office@umbrella.example', 30, []),
]


async def seed() -> bool:
    """Create the demo business and its data; False (and nothing written) if a business exists already."""
    if await Business.exists():
        return False
    rng = random.Random(2026)
    today = clock.today()
    staff_hash, client_hash = await hash_password(STAFF_PASSWORD), await hash_password(CLIENT_PASSWORD)
    async with in_transaction():
        await Business.create(
            name='Northwind Studio', email='hello@northwind.example', phone='+1 555 0100',
            website='https://northwind.example', address='12 Harbour Street\nPortland, OR 97201\nUnited States',
            portal_name='Northwind Client Portal', brand_color='#0f766e',
            banner_message='Welcome! You can pay any invoice online by card, or all of them at once.',
            legal_name='Northwind Studio LLC', tax_number='12-3456789', registration_id='OR-1234567', postcode='97201', city='Portland',
            country='US',  # e-invoices (EN 16931) are made from here on
        )
        await StaffUser.create(name='Olivia Owner', email=STAFF_EMAIL, password_hash=staff_hash, is_owner=True)
        await StaffUser.create(name='Sam Staff', email='sam@northwind.example', password_hash=staff_hash)
        for index, (company, email, terms, persons) in enumerate(CONTACTS):
            contact = await Contact.create(
                company_name=company, display_name=company, email=email, phone=f'+1 555 01{index + 10}',
                website=f'https://{email.split("@")[1]}', payment_terms=terms,
                billing_address=f'{100 + index * 7} Market Street\nSpringfield, IL 6270{index}\nUnited States',
                shipping_address=f'{100 + index * 7} Market Street\nSpringfield, IL 6270{index}\nUnited States',
                postcode=f'6270{index}', city='Springfield', country='US',
            )
            for position, (first, last, person_email, access) in enumerate(persons):
                await ContactPerson.create(
                    contact=contact, first_name=first, last_name=last, email=person_email,
                    phone=f'+1 555 02{index}{position}', is_primary=position == 0, portal_access=access,
                    password_hash=client_hash if access == PortalAccess.ACTIVE else None,
                )
            count = 14 if index == 0 else 4 if persons else 1
            await _documents(contact, count, rng, today)
    return True


def _lines(rng: random.Random) -> list[LineSpec]:
    return [LineSpec(name=name, description=description, quantity=Decimal(rng.choice([1, 2, 3, 5, 8, 12])),
                     rate=rate, tax_percent=Decimal(rng.choice([0, 0, 8, 10])))
            for name, description, rate in rng.sample(SERVICES, rng.randint(1, 4))]


async def _documents(contact: Contact, count: int, rng: random.Random, today: date) -> None:
    invoice_plan = [InvoiceStatus.PAID, InvoiceStatus.PAID, InvoiceStatus.SENT, InvoiceStatus.PARTIALLY_PAID,
                    InvoiceStatus.SENT, InvoiceStatus.DRAFT]
    for n in range(count):
        issued = today - timedelta(days=rng.randint(5, 150) if n else 3)
        status = invoice_plan[n % len(invoice_plan)]
        invoice = await create_document(
            DocumentKind.INVOICE, contact, InvoiceStatus.SENT if status != InvoiceStatus.DRAFT else status, issued,
            _lines(rng), due_date=due_date_from_terms(issued, contact.payment_terms),
            sent_at=None if status == InvoiceStatus.DRAFT else _sent_on(issued, rng),
            terms='Payment is due within the agreed terms. Thank you for your business.', delivery_date=issued,
        )
        if status in {InvoiceStatus.PAID, InvoiceStatus.PARTIALLY_PAID}:
            amount = invoice.total if status == InvoiceStatus.PAID else invoice.total // 2
            payment = await Payment.create(
                contact=contact, date=min(issued + timedelta(days=rng.randint(1, 20)), today), amount=amount,
                currency=contact.currency, mode=rng.choice([PaymentMode.BANK_TRANSFER, PaymentMode.CHEQUE]),
                reference=f'REF-{rng.randint(10000, 99999)}')
            await payment_added(payment)
            await allocate(payment, [(invoice.id, amount)])

    estimate_plan = [EstimateStatus.SENT, EstimateStatus.SENT, EstimateStatus.ACCEPTED, EstimateStatus.DECLINED,
                     EstimateStatus.DRAFT, EstimateStatus.SENT]
    for n in range(max(count // 2, 1)):
        issued = today - timedelta(days=rng.randint(1, 25) if n != 5 else 40)  # valid 30 days: only the sixth expired
        estimate_status = estimate_plan[n % len(estimate_plan)]
        expiry = issued + timedelta(days=30) if n != 5 else today - timedelta(days=2)  # the sixth has expired
        sent_at = None if estimate_status == EstimateStatus.DRAFT else _sent_on(issued, rng)
        decided = estimate_status in {EstimateStatus.ACCEPTED, EstimateStatus.DECLINED}
        await create_document(
            DocumentKind.ESTIMATE, contact, estimate_status, issued, _lines(rng), expiry_date=expiry,
            reference=f'Project {n + 1}', notes='Prices are valid until the expiry date.', sent_at=sent_at,
            decided_at=min(sent_at + timedelta(days=rng.randint(1, 4)), clock.now()) if sent_at and decided else None,
            decline_reason='We went with a smaller scope.' if estimate_status == EstimateStatus.DECLINED else '',
        )
    if count > 4:
        issued = today - timedelta(days=10)
        await create_document(DocumentKind.RETAINER, contact, InvoiceStatus.SENT, issued,
                              [LineSpec('Retainer', Decimal(1), 200000, description='Advance for the next project')],
                              due_date=issued + timedelta(days=15), notes='Retainer for the next quarter.',
                              sent_at=_sent_on(issued, rng), delivery_date=issued)


def _sent_on(issued: date, rng: random.Random) -> datetime:
    """When a demo document was sent: during the working day it was issued, as staff would, never in the future."""
    sent = datetime.combine(issued, time(9), tzinfo=UTC) + timedelta(minutes=rng.randint(0, 8 * 60))
    return min(sent, clock.now())
