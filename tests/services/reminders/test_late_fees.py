"""Late fees (off by default): a level's fee is a separate invoice for the contact, added once per invoice and level
in the reminder's transaction, a flat amount or a percent of what is still due up to a cap; the late invoice is never
rewritten; balances, statements, ageing, the dashboard and the stored balances count the fee, and `verify_balances`
stays exact; staff waive a fee, which voids it and keeps who did it and why."""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from commands.verify_balances import verify
from domain.balances.rebuild import disagreements
from domain.errors import Conflict, Invalid, NotFound
from domain.models import Document, DocumentLine, InvoiceStatus, LateFee, OutgoingMail, Reminder
from domain.overview import charts
from domain.overview.portal import dashboard
from domain.reminders import fees, history, sending
from domain.reminders.rules import Fee
from domain.statements.statement import build_statement
from tests import factories
from tests.services.reminders.conftest import DUE, ISSUED, ZONE, at, remind, save_schedule


async def acme_owing(*rates: int):
    await factories.business(timezone=ZONE, name='Northwind Studio')
    acme = await factories.contact('Acme')
    casey = await factories.person(acme, 'casey@acme.example')
    invoice = await factories.invoice(acme, *(rates or (12000,)), issued=ISSUED, due_in_days=(DUE - ISSUED).days)
    return acme, casey, invoice


async def fees_of(invoice_id: int) -> list[Document]:
    ids = [fee.document_id for fee in await LateFee.filter(invoice_id=invoice_id).order_by('days')]
    return [await Document.get(id=fee_id) for fee_id in ids]


async def test_a_flat_fee_is_an_invoice_of_its_own_added_once_with_its_reminder(db, moving_clock, capsys):
    acme, casey, invoice = await acme_owing(12000)
    await save_schedule(fees={7: Fee('flat', amount=2500), 30: Fee('flat', amount=4000)}, late_fees=True)
    before = await Document.get(id=invoice.id)
    moving_clock.set(at(4, 20))
    assert await remind() == (1, 0, 0)
    assert await fees_of(invoice.id) == []  # the due-day level has no fee
    moving_clock.set(at(4, 27))
    assert await remind() == (1, 0, 0)
    assert await remind() == (0, 0, 0)
    (fee,) = await fees_of(invoice.id)
    assert (fee.contact_id, fee.status, fee.total, fee.issue_date, fee.due_date) == (
        acme.id, InvoiceStatus.SENT, 2500, date(2026, 4, 27), date(2026, 4, 27))
    assert fee.sent_at == moving_clock.now
    (line,) = await DocumentLine.filter(document_id=fee.id)
    assert (line.name, line.description) == ('Late fee', f'Invoice {invoice.number} was not paid by its due date '
                                                          '(reminder 3).')
    after = await Document.get(id=invoice.id)  # the late invoice is as the client saw it
    assert (after.total, after.amount_paid, after.status, after.updated_at) == (
        before.total, before.amount_paid, before.status, before.updated_at)
    assert await DocumentLine.filter(document_id=invoice.id).count() == 1
    (mail,) = await OutgoingMail.filter(kind='reminder').order_by('-id').limit(1)
    assert f'A late fee of $25.00 has been added as invoice {fee.number}: ' \
           f'http://127.0.0.1:8080/portal/invoices/{fee.id}' in mail.text_body
    assert await sending.due_reminders(date(2026, 4, 28)) == []  # a late-fee invoice is never reminded itself

    moving_clock.set(at(5, 21))
    assert await remind() == (1, 0, 0)
    assert [f.total for f in await fees_of(invoice.id)] == [2500, 4000]
    assert await disagreements() == []  # the stored balances counted both fees in the reminders' transactions
    assert await verify(repair=False) == 0  # what `python -m commands.verify_balances` runs
    assert 'every stored balance agrees' in capsys.readouterr().out

    client = await factories.portal_actor(casey)
    board = await dashboard(client)
    assert (board.outstanding_total, board.outstanding_count) == (12000 + 2500 + 4000, 3)
    statement = await build_statement(acme.id, date(2026, 4, 1), date(2026, 5, 31), date(2026, 5, 31))
    assert statement.invoiced == 18500 and statement.closing_balance == 18500
    assert statement.ageing.amounts == (0, 4000, 12000 + 2500, 0, 0)  # each fee aged from its own due date
    (chart,) = await charts.contact_ageing(await factories.staff_actor('sam@example.com'), acme.id)
    assert chart.total == 18500  # the contact's chart (and the dashboards') read the same stored figures
    numbers = [line.entry.number for line in statement.first.lines]
    assert [invoice.number, *[f.number for f in await fees_of(invoice.id)]] == numbers
    rows = (await history.invoice_reminders(await factories.staff_actor(), invoice.id)).rows
    assert [(row.days, row.fee_amount) for row in rows] == [(0, 0), (7, 2500), (30, 4000)]  # 14 was skipped


async def test_a_percent_fee_is_of_what_is_still_due_and_stops_at_its_cap(db, moving_clock):
    acme, _casey, invoice = await acme_owing(50000)
    second = await factories.invoice(acme, 300000, issued=ISSUED, due_in_days=19)
    await factories.payment(acme, [(invoice, 30000)])  # 200.00 of 500.00 left
    await save_schedule(fees={14: Fee('percent', percent=Decimal('2.5'), cap=5000)}, late_fees=True, days=(14,))
    moving_clock.set(at(5, 5))
    assert await remind() == (2, 0, 0)
    assert [f.total for f in await fees_of(invoice.id)] == [500]  # 2.5% of 200.00
    assert [f.total for f in await fees_of(second.id)] == [5000]  # 2.5% of 3,000.00 is 75.00: capped at 50.00
    assert await disagreements() == []


async def test_late_fees_are_off_by_default_and_a_level_without_a_fee_adds_none(db, moving_clock):
    _acme, _casey, invoice = await acme_owing()
    await save_schedule(fees={7: Fee('flat', amount=2500)})  # late fees not switched on
    moving_clock.set(at(4, 28))
    assert await remind() == (1, 0, 0)
    assert await fees_of(invoice.id) == [] and await LateFee.all().count() == 0


async def test_the_fee_and_its_reminder_are_one_transaction(db, moving_clock, monkeypatch):
    acme, _casey, invoice = await acme_owing()
    await save_schedule(fees={7: Fee('flat', amount=2500)}, late_fees=True)
    documents = await Document.all().count()

    async def refusing(*args, **kwargs):
        raise RuntimeError('the outbox is full')

    real = sending.mail.queue
    monkeypatch.setattr(sending.mail, 'queue', refusing)  # the emails fail after the fee was written
    moving_clock.set(at(4, 28))
    assert await remind() == (0, 0, 1)
    assert await Document.all().count() == documents  # no late fee stayed behind
    assert await LateFee.all().count() == 0 and await Reminder.all().count() == 0
    assert await disagreements() == []
    monkeypatch.setattr(sending.mail, 'queue', real)
    assert await remind() == (1, 0, 0)
    assert [f.total for f in await fees_of(invoice.id)] == [2500]
    assert acme.id == (await fees_of(invoice.id))[0].contact_id


async def test_staff_waive_a_fee_which_voids_it_with_who_and_why(db, moving_clock):
    acme, casey, invoice = await acme_owing()
    await save_schedule(fees={7: Fee('flat', amount=2500), 14: Fee('flat', amount=2500)}, late_fees=True)
    moving_clock.set(at(4, 28))
    await remind()
    (fee,) = await fees_of(invoice.id)
    olivia = await factories.staff_actor(name='Olivia Owner')
    page = await history.invoice_reminders(olivia, fee.id)
    assert page.fee_origin is not None and page.fee_origin.can_waive and page.fee_origin.invoice_id == invoice.id
    assert not page.can_pause  # a late fee gets no reminders of its own
    with pytest.raises(Invalid):
        await fees.waive_late_fee(olivia, fee.id, '  ')
    with pytest.raises(NotFound):
        await fees.waive_late_fee(olivia, invoice.id, 'Not a fee')

    await fees.waive_late_fee(olivia, fee.id, 'First time late')
    assert (await Document.get(id=fee.id)).status == InvoiceStatus.VOID
    waived = await LateFee.get(document_id=fee.id)
    assert (waived.waived_by_id, waived.waived_by_name, waived.waive_reason, waived.waived_at) == (
        olivia.staff_id, 'Olivia Owner', 'First time late', moving_clock.now)
    origin = (await history.invoice_reminders(olivia, fee.id)).fee_origin
    assert origin is not None and not origin.can_waive and origin.waived_by == 'Olivia Owner'
    with pytest.raises(Conflict, match='waived already'):
        await fees.waive_late_fee(olivia, fee.id, 'Again')
    assert await disagreements() == []
    assert (await dashboard(await factories.portal_actor(casey))).outstanding_total == 12000

    moving_clock.set(at(5, 5))
    await remind()
    second = (await fees_of(invoice.id))[1]
    await factories.payment(acme, [(second, 1000)])
    sam = await factories.staff_actor('sam@example.com', name='Sam Staff', is_owner=False)  # her session ended
    with pytest.raises(Conflict, match='has been paid on this late fee'):
        await fees.waive_late_fee(sam, second.id, 'Too late')
    assert (await Document.get(id=second.id)).status == InvoiceStatus.PARTIALLY_PAID
    assert await disagreements() == []
