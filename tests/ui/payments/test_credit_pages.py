"""A client sees their credit: the dashboard says what is available, Credit notes lists and opens them, Pay Now
uses the credit first ("Use $120.00 of your credit") and pays everything with it when it is enough, and Payments
Made shows money paid back."""
from __future__ import annotations

from collections.abc import Iterator

import pytest
from nicegui import ui
from nicegui.testing import User

from domain.documents.credit_notes import CreditNoteDraft, create_credit_note, issue_credit_note
from domain.documents.drafts import LineDraft
from domain.models import Document, InvoiceStatus
from domain.payments import gateway as payment_gateway
from domain.payments.refund_credit import CreditRefundDraft, refund_credit
from tests import factories
from tests.stripe_support import gateway
from tests.ui.conftest import click, sign_in


@pytest.fixture
def processor(localstripe: str) -> Iterator[str]:
    yield localstripe
    payment_gateway.install(None)


async def acme_with_credit(amount: str = '120.00'):
    """Acme owes 100.00 and 50.00, and staff issued a credit note of `amount` against the first invoice."""
    await factories.business(name='Northwind Studio')
    contact = await factories.contact('Acme Corporation')
    await factories.person(contact, 'casey@acme.example')
    first, second = await factories.invoice(contact, 15000, due_in_days=5), await factories.invoice(contact, 5000)
    staff = await factories.staff_actor()
    note_id = await create_credit_note(staff, CreditNoteDraft(contact.id, first.id, lines=[
        LineDraft('Returned goods', '', '1', amount)], issue_date=first.issue_date.isoformat()))
    await issue_credit_note(staff, note_id)
    return contact, first, second, await Document.get(id=note_id), staff


async def test_the_client_sees_the_credit_on_the_dashboard_and_opens_the_credit_note(user: User):
    await user.open('/portal/login')
    _contact, _first, _second, note, _staff = await acme_with_credit()
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.should_see('Credit available')
    await user.should_see('$120.00')

    await user.open('/portal/credit-notes')
    await user.should_see(note.number)
    await user.should_see('Open')
    await user.open(f'/portal/credit-notes/{note.id}')
    await user.should_see(f'Credit note {note.number}')
    await user.should_see('Returned goods')
    assert user.find(marker='credit-left').elements.pop().text == '$120.00'
    assert (await Document.get(id=note.id)).first_viewed_at is not None  # viewed, as other documents


async def test_pay_now_uses_the_credit_first_and_the_card_for_the_rest(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    await acme_with_credit()
    await sign_in(user, 'portal', 'casey@acme.example')
    click(user, 'Pay Now')
    await user.should_see('Pay your invoices', retries=30)
    await user.should_see('Use $120.00 of your credit')
    await user.should_see('Pay $80.00')  # 200.00 owed, less 120.00 of credit
    user.find(kind=ui.checkbox, content='Use $120.00 of your credit').click()
    await user.should_see('Pay $200.00')


async def test_credit_that_covers_everything_pays_without_a_card(user: User, processor: str):
    await user.open('/portal/login')
    payment_gateway.install(gateway(processor))
    _contact, first, second, note, _staff = await acme_with_credit('150.00')
    await factories.payment(await first.contact, [(second, 5000)])  # the second invoice was paid by bank
    await sign_in(user, 'portal', 'casey@acme.example')
    click(user, 'Pay Now')
    await user.should_see('Use $150.00 of your credit', retries=30)
    click(user, 'Pay with credit')
    await user.should_see('Thank you. $150.00 was paid with your credit.', retries=30)
    assert (await Document.get(id=first.id)).status == InvoiceStatus.PAID
    assert (await Document.get(id=note.id)).status == 'applied'


async def test_payments_made_shows_credit_paid_back(user: User):
    await user.open('/portal/login')
    contact, _first, _second, _note, staff = await acme_with_credit()
    await refund_credit(staff, contact.id, CreditRefundDraft('20.00', reference='BANK-7'))
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/payments')
    await user.should_see('Refunds')
    await user.should_see('BANK-7')
    await user.should_see('Paid back to you')
