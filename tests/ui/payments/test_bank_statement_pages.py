"""Staff open Payments → Bank statements after a statement was imported: each credit shows the invoice suggested
and why; Confirm records it, another invoice can be found and chosen instead, Skip leaves a line, and the list ends
with every credit handled."""
from __future__ import annotations

from nicegui import ui
from nicegui.testing import User
from nicegui.testing.user_interaction import UserInteraction

from domain.einvoices.transfer import creditor_reference
from domain.models import BankLine, Document, InvoiceStatus, Payment, PaymentMode
from domain.payments.bank.statements import import_statement
from tests import factories
from tests.bank_support import Credit, camt053
from tests.ui.conftest import click, until
from tests.ui.documents.test_staff_invoices import signed_in


def press(user: User, line_id: int, text: str) -> None:
    """The button `text` of one statement line."""
    with user.client:
        card = user.find(marker=f'bank_line_{line_id}').elements.pop()
        button = next(e for e in card.descendants() if isinstance(e, ui.button) and e.text == text)
    UserInteraction(user, {button}, None).click()


async def test_staff_confirm_a_suggestion_choose_another_invoice_and_skip_a_line_nobody_owes(user: User):
    acme = await signed_in(user)
    invoice = await factories.invoice(acme, 25000)
    await import_statement(await factories.staff_actor('importer@example.com'), 'november.xml', camt053([
        Credit(25000, 'ACME CORP', reference=creditor_reference(invoice.number), currency=invoice.currency),
        Credit(1200, 'Bank', text='Interest', currency=invoice.currency),
        Credit(1200, 'Acme', text='for the October extras', currency=invoice.currency)]))
    lines = {line.payer: line.id for line in await BankLine.all()}  # ACME CORP, Bank, Acme
    await user.open('/staff/payments')
    click(user, 'Bank statements')
    await user.should_see('3 credits to match', retries=30)
    await user.should_see(f'Suggested: {invoice.number} · Acme Corporation')
    await user.should_see('by its RF reference')
    await user.should_see('No invoice found for it. Choose one, or skip it.')

    press(user, lines['ACME CORP'], 'Confirm')
    await user.should_see('2 credits to match', retries=30)
    payment = await Payment.get()
    assert (payment.mode, payment.amount, payment.contact_id) == (PaymentMode.BANK_TRANSFER, 25000, acme.id)
    assert (await Document.get(id=invoice.id)).status == InvoiceStatus.PAID
    press(user, lines['Acme'], 'Confirm')  # nothing chosen for it
    await user.should_see('Choose the invoice this credit pays.')
    other = await factories.invoice(acme, 1200)
    user.find(marker=f'find_{lines["Acme"]}').type(other.number)
    with user.client:
        card = user.find(marker=f'bank_line_{lines["Acme"]}').elements.pop()
        choice = next(e for e in card.descendants() if isinstance(e, ui.select))

    async def offered() -> bool:
        return other.id in choice.options
    await until(offered, equals=True)
    assert choice.options[other.id].startswith(f'{other.number} · Acme Corporation · ')
    choice.set_value(other.id)
    press(user, lines['Acme'], 'Confirm')
    await user.should_see('1 credit to match', retries=30)
    assert (await Document.get(id=other.id)).status == InvoiceStatus.PAID
    press(user, lines['Bank'], 'Skip')
    await user.should_see('Every credit is handled.', retries=30)
    assert await Payment.all().count() == 2
