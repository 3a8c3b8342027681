"""Credit notes on a real database: numbered CN-000001 on, never more than the invoice they credit, in its currency
and for its customer; issued with their PDF in each recipient's language; their status follows what was used of
them; and every use case checks whose documents it touches, refusing with a message and changing nothing."""
from __future__ import annotations

import pytest

from domain import clock
from domain.balances.rebuild import disagreements
from domain.documents.credit_notes import (
    CreditNoteDraft,
    create_credit_note,
    issue_credit_note,
    void_credit_note,
)
from domain.documents.drafts import LineDraft
from domain.documents.portal_credit_notes import list_credit_notes, open_credit_note
from domain.documents.views import load_document
from domain.errors import Conflict, Invalid, NotFound
from domain.models import CreditApplication, Document, OutgoingMail
from domain.payments.credit import apply_credit, available_credit
from domain.payments.portal_credit import pay_with_credit
from integrations.pdf import render_attachment
from tests import factories
from tests.services.documents.test_pdf_languages import text_of


def lines(*rates: str) -> list[LineDraft]:
    return [LineDraft(f'Credit {n}', '', '1', rate, '') for n, rate in enumerate(rates, start=1)]


@pytest.fixture
async def two_clients(db):
    await factories.business(name='Northwind Studio')
    acme = await factories.contact('Acme', currency='USD')
    globex = await factories.contact('Globex', currency='EUR')
    kai = await factories.person(acme, 'kai@acme.example', first_name='Kai', language='de')
    gina = await factories.person(globex, 'gina@globex.example', first_name='Gina')
    return acme, globex, await factories.portal_actor(kai), await factories.portal_actor(gina), \
        await factories.staff_actor()


async def test_credit_notes_are_numbered_and_issued_with_their_pdf_in_the_recipients_language(two_clients):
    acme, _globex, kai, _gina, staff = two_clients
    invoice = await factories.invoice(acme, 30000)
    first = await create_credit_note(staff, CreditNoteDraft(acme.id, invoice.id, lines=lines('100.00')))
    second = await create_credit_note(staff, CreditNoteDraft(acme.id, None, lines=lines('20.00')))
    assert [d.number for d in await Document.filter(kind='credit').order_by('id')] == ['CN-000001', 'CN-000002']
    assert (await list_credit_notes(kai)).count == 0  # drafts never leave the business
    assert await issue_credit_note(staff, first) == 1
    mail = await OutgoingMail.get(kind='credit_sent')
    assert mail.to_address == 'kai@acme.example' and 'Gutschrift CN-000001' in mail.subject
    name, pdf = await render_attachment(mail.attachments[0])
    assert name == 'CN-000001.pdf' and 'GUTSCHRIFT' in text_of(pdf) and 'Restguthaben' in text_of(pdf)
    assert (await list_credit_notes(kai)).count == 1
    assert (await open_credit_note(kai, first)).view.status == 'open'
    assert await available_credit(acme.id) == {'USD': 10000}
    await void_credit_note(staff, second)  # a draft nobody saw
    assert await disagreements() == []


async def test_a_credit_note_never_credits_more_than_its_invoice_nor_another_currency_or_customer(two_clients):
    acme, globex, _kai, _gina, staff = two_clients
    invoice = await factories.invoice(acme, 30000)
    await create_credit_note(staff, CreditNoteDraft(acme.id, invoice.id, lines=lines('200.00')))
    with pytest.raises(Invalid) as refused:
        await create_credit_note(staff, CreditNoteDraft(acme.id, invoice.id, lines=lines('100.01')))
    assert refused.value.fields == {'lines': 'A credit note against INV-000001 can come to at most $100.00.'}
    with pytest.raises(Invalid) as refused:
        await create_credit_note(staff, CreditNoteDraft(globex.id, invoice.id, lines=lines('1.00')))
    assert refused.value.fields == {'invoice': 'INV-000001 is an invoice of another customer.'}
    await Document.filter(id=invoice.id).update(currency='EUR')  # the customer's currency changed since
    with pytest.raises(Invalid, match='a credit note against it must be in the same currency'):
        await create_credit_note(staff, CreditNoteDraft(acme.id, invoice.id, lines=lines('1.00')))
    draft = await factories.invoice(globex, 5000, status='draft')
    with pytest.raises(Conflict, match=r'Only an invoice that was sent can be credited\.'):
        await create_credit_note(staff, CreditNoteDraft(globex.id, draft.id, lines=lines('1.00')))
    assert await Document.filter(kind='credit').count() == 1


async def test_status_follows_what_was_used_and_a_used_credit_note_cannot_be_voided(two_clients):
    acme, _globex, _kai, _gina, staff = two_clients
    first, second = await factories.invoice(acme, 5000), await factories.invoice(acme, 8000)
    note = await create_credit_note(staff, CreditNoteDraft(acme.id, None, lines=lines('100.00')))
    await issue_credit_note(staff, note, without_email=True)
    await apply_credit(staff, acme.id, {first.id: '50.00'})
    assert (await Document.get(id=note)).status == 'partly_applied'
    with pytest.raises(Conflict, match='nothing of which was used'):
        await void_credit_note(staff, note)
    with pytest.raises(Invalid) as refused:
        await apply_credit(staff, acme.id, {second.id: '60.00'})
    assert refused.value.fields == {'credit': 'That is $60.00, more than the $50.00 of credit available.'}
    with pytest.raises(Invalid) as refused:
        await apply_credit(staff, acme.id, {first.id: '1.00'})  # paid in full by the credit already
    assert f'invoice.{first.id}' in refused.value.fields
    await apply_credit(staff, acme.id, {second.id: '50.00'})
    assert (await Document.get(id=note)).status == 'applied'
    assert (await Document.get(id=second.id)).status == 'partially_paid'
    shown = (await load_document(second.id, clock.today())).payments  # the invoice lists the credit it got
    assert [(p.mode, p.reference, p.amount) for p in shown] == [('credit_applied', 'CN-000001', 5000)]
    shown = (await load_document(note, clock.today())).payments  # and the credit note where it went
    assert [(p.reference, p.amount) for p in shown] == [('INV-000001', 5000), ('INV-000002', 5000)]
    assert await CreditApplication.all().count() == 2 and await disagreements() == []


async def test_a_client_never_reaches_another_clients_credit_notes_or_invoices(two_clients):
    acme, globex, kai, gina, staff = two_clients
    invoice = await factories.invoice(acme, 5000)
    note = await create_credit_note(staff, CreditNoteDraft(acme.id, None, lines=lines('10.00')))
    await issue_credit_note(staff, note, without_email=True)
    with pytest.raises(NotFound):
        await open_credit_note(gina, note)
    with pytest.raises(NotFound):
        await pay_with_credit(gina, [invoice.id])
    with pytest.raises(Conflict, match=r'There is no credit to use in EUR\.'):
        await pay_with_credit(gina, [(await factories.invoice(globex, 4000)).id])
    used = await pay_with_credit(kai, [invoice.id])
    assert (used.used, used.rest, used.still_owing) == (1000, 4000, (invoice.id,))
    assert await available_credit(acme.id) == {}
