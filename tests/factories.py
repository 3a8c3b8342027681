"""Small builders for test data. Each returns the created model."""
from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain import clock, tokens
from domain.access.passwords import hash_password
from domain.actors import PortalActor, StaffActor
from domain.balances.rebuild import rebuild
from domain.balances.store import payment_added
from domain.documents.writing import LineSpec, create_document
from domain.models import (
    AuthorKind,
    Business,
    Comment,
    Contact,
    ContactPerson,
    Document,
    DocumentKind,
    EstimateStatus,
    InvoiceStatus,
    Payment,
    PaymentMode,
    PortalAccess,
    Session,
    SessionKind,
    StaffUser,
)
from domain.payments.ledger import allocate

PASSWORD = 'correct-horse-battery'


async def business(**fields) -> Business:
    """The business; accepting an estimate takes one click unless a story turns `require_signature` on."""
    values = {'name': 'Test Studio', 'email': 'studio@example.com', 'portal_name': 'Test Portal',
              'require_signature': False, **fields}
    return await Business.create(**values)


async def staff(email: str = 'staff@example.com', password: str = PASSWORD, **fields) -> StaffUser:
    values = {'name': 'Sam Staff', 'is_owner': True, **fields}
    return await StaffUser.create(email=email, password_hash=await hash_password(password), **values)


async def contact(name: str = 'Acme Corporation', **fields) -> Contact:
    return await Contact.create(display_name=name, company_name=name, **fields)


async def person(contact_: Contact, email: str = 'client@example.com', *, password: str | None = PASSWORD,
                 access: PortalAccess = PortalAccess.ACTIVE, **fields) -> ContactPerson:
    values = {'first_name': 'Casey', 'last_name': 'Client', 'is_primary': True, **fields}
    return await ContactPerson.create(contact=contact_, email=email.strip().lower(), portal_access=access,
                                      password_hash=await hash_password(password) if password else None, **values)


def lines(*rates: int, tax: str = '0') -> list[LineSpec]:
    return [LineSpec(name=f'Item {n}', quantity=Decimal(1), rate=rate, tax_percent=Decimal(tax))
            for n, rate in enumerate(rates or (10000,), start=1)]


async def invoice(contact_: Contact, *rates: int, status: InvoiceStatus = InvoiceStatus.SENT,
                  issued: date | None = None, due_in_days: int = 30, kind: DocumentKind = DocumentKind.INVOICE,
                  **fields) -> Document:
    issued = issued or clock.today()
    return await create_document(kind, contact_, status, issued, lines(*rates),
                                 due_date=issued + timedelta(days=due_in_days), **fields)


async def estimate(contact_: Contact, *rates: int, status: EstimateStatus = EstimateStatus.SENT,
                   issued: date | None = None, expires_in_days: int = 30, **fields) -> Document:
    issued = issued or clock.today()
    return await create_document(DocumentKind.ESTIMATE, contact_, status, issued, lines(*rates),
                                 expiry_date=issued + timedelta(days=expires_in_days), **fields)


def line(name: str, quantity: str, rate: int, tax: str = '0', description: str = '') -> LineSpec:
    return LineSpec(name=name, quantity=Decimal(quantity), rate=rate, tax_percent=Decimal(tax), description=description)


async def document_with_lines(contact_: Contact, specs: list[LineSpec], *, kind: DocumentKind = DocumentKind.INVOICE,
                              status: str | None = None, issued: date | None = None, **fields) -> Document:
    """A document with the given lines: due in 30 days (an estimate expires in 30 days), sent unless told."""
    issued = issued or clock.today()
    if kind == DocumentKind.ESTIMATE:
        fields.setdefault('expiry_date', issued + timedelta(days=30))
        status = status or EstimateStatus.SENT
    else:
        fields.setdefault('due_date', issued + timedelta(days=30))
        status = status or InvoiceStatus.SENT
    return await create_document(kind, contact_, status, issued, specs, **fields)


async def payment(contact_: Contact, allocations: list[tuple[Document, int]], *,
                  mode: PaymentMode = PaymentMode.BANK_TRANSFER, paid_on: date | None = None, **fields) -> Payment:
    """A payment recorded and applied to invoices, e.g. payment(acme, [(first, 5000), (second, 2500)])."""
    async with in_transaction():
        paid = await Payment.create(contact=contact_, date=paid_on or clock.today(), mode=mode,
                                    amount=sum(amount for _, amount in allocations), currency=contact_.currency,
                                    **fields)
        await payment_added(paid)
        await allocate(paid, [(document.id, amount) for document, amount in allocations])
    return paid


async def staff_actor(email: str = 'owner@example.com', **fields) -> StaffActor:
    """A staff user with a live session, as the use cases receive them from a signed-in page."""
    user = await staff(email, **fields)
    now = clock.now()
    session = await Session.create(kind=SessionKind.STAFF, staff=user, key_hash=tokens.digest(tokens.new_secret()),
                                   created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
    return StaffActor(session_id=session.id, staff_id=user.id, name=user.name, email=user.email,
                      is_owner=user.is_owner, must_change_password=user.must_change_password, language=user.language,
                      may_run_jobs=user.may_run_jobs)


async def portal_actor(person_: ContactPerson) -> PortalActor:
    """A signed-in portal person, with a live session row, as the pages hand it to the use cases."""
    now = clock.now()
    session = await Session.create(kind=SessionKind.PORTAL, person=person_, key_hash=tokens.digest(tokens.new_secret()),
                                   created_at=now, last_seen_at=now, expires_at=now + timedelta(hours=12))
    return PortalActor(session_id=session.id, person_id=person_.id, contact_id=person_.contact_id,  # type: ignore[attr-defined]
                       name=person_.name, email=person_.email, language=person_.language)


async def comment(document: Document, body: str, *, person: ContactPerson | None = None,
                  staff_user: StaffUser | None = None, display_in_portal: bool = False) -> Comment:
    """A comment on a document: a client's when `person` is given, else a staff comment (an internal note unless
    `display_in_portal`)."""
    if person is not None:
        return await Comment.create(document=document, author_kind=AuthorKind.CLIENT, person=person,
                                    author_name=person.name, body=body, display_in_portal=True)
    return await Comment.create(document=document, author_kind=AuthorKind.STAFF, staff=staff_user,
                                author_name=staff_user.name if staff_user else 'Sam Staff', body=body,
                                display_in_portal=display_in_portal)


async def rebuild_balances(*contacts: Contact) -> None:
    """For tests that write documents or payments directly (bulk inserts, updates): bring the stored balances of
    these contacts in step, as the use cases do in their transaction."""
    async with in_transaction():
        await rebuild([contact_.id for contact_ in contacts])
