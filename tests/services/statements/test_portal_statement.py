"""Statement of accounts on a real database: opening balance, lines in order, chunks, closing balance and ageing."""
from datetime import date

import pytest

from domain.errors import Invalid
from domain.models import DocumentKind, InvoiceStatus
from domain.statements.access import portal_statement_for
from domain.statements.statement import all_statement_lines, build_statement, statement_lines
from tests import factories

START, END = date(2026, 3, 1), date(2026, 3, 31)


async def acme_history():
    """Acme's account: one invoice before March, activity in March, and a payment in April."""
    await factories.business(name='Northwind Studio', address='12 Harbour Street')
    acme = await factories.contact('Acme', billing_address='1 Main Street')
    old = await factories.invoice(acme, 10000, issued=date(2026, 1, 10), due_in_days=30)  # due 9 Feb
    await factories.payment(acme, [(old, 4000)], paid_on=date(2026, 2, 1), reference='FEB')
    march = await factories.invoice(acme, 20000, issued=date(2026, 3, 5), due_in_days=10)  # due 15 Mar
    retainer = await factories.invoice(acme, 5000, issued=date(2026, 3, 5), due_in_days=30,
                                       kind=DocumentKind.RETAINER)
    await factories.payment(acme, [(march, 5000), (old, 1000)], paid_on=date(2026, 3, 5), reference='SAME-DAY')
    await factories.invoice(acme, 99999, issued=date(2026, 3, 6), status=InvoiceStatus.DRAFT)
    await factories.invoice(acme, 88888, issued=date(2026, 3, 7), status=InvoiceStatus.VOID, sent_at=None)
    await factories.payment(acme, [(march, 15000)], paid_on=date(2026, 4, 2), reference='APRIL')
    return acme, old, march, retainer


async def test_the_statement_of_a_month(db):
    acme, old, march, retainer = await acme_history()
    statement = await build_statement(acme.id, START, END, today=date(2026, 6, 1))
    assert (statement.business_name, statement.contact_name, statement.contact_address) == \
        ('Northwind Studio', 'Acme', '1 Main Street')
    assert statement.opening_balance == 10000 - 4000
    assert (statement.invoiced, statement.received) == (20000 + 5000, 6000)
    assert statement.closing_balance == 6000 + 25000 - 6000
    lines = statement.first.lines
    assert [(line.entry.kind, line.entry.number, line.balance) for line in lines] == [
        ('invoice', march.number, 26000),
        ('invoice', retainer.number, 31000),
        ('payment', 'SAME-DAY', 25000),  # on one day, invoices come first
    ]
    assert lines[2].entry.applied_to == (old.number, march.number)
    assert lines[1].entry.document_kind == 'retainer' and lines[0].entry.due_date == date(2026, 3, 15)
    assert statement.first.next is None and statement.line_count == 3


async def test_ageing_is_what_was_due_at_the_end_of_the_period(db):
    acme, _, _, _ = await acme_history()
    statement = await build_statement(acme.id, START, END, today=date(2026, 6, 1))
    # on 31 March: the old invoice (due 9 Feb, 50 days late) owes 5000; March's (due 15 Mar, 16 days late) owes
    # 15000, paid only in April; the retainer (due 4 Apr) is current
    assert statement.ageing.as_of == END
    assert statement.ageing.amounts == (5000, 15000, 5000, 0, 0)
    assert statement.ageing.total == statement.closing_balance


async def test_ageing_of_a_period_running_past_today_is_as_of_today(db):
    acme, _, _, _ = await acme_history()
    statement = await build_statement(acme.id, date(2026, 1, 1), date(2026, 12, 31), today=date(2026, 4, 10))
    assert statement.ageing.as_of == date(2026, 4, 10)
    assert statement.ageing.amounts == (0, 5000, 5000, 0, 0)  # retainer 6 days late; old invoice 60 days late
    assert statement.closing_balance == statement.ageing.total == 10000


async def test_lines_read_in_chunks_carry_the_balance_on(db):
    acme = await factories.contact('Acme')
    invoices = [await factories.invoice(acme, 1000 * (n + 1), issued=date(2026, 5, 1 + n % 3)) for n in range(7)]
    for n, invoice in enumerate(invoices[:5]):
        await factories.payment(acme, [(invoice, 500)], paid_on=date(2026, 5, 1 + n % 4))
    whole = await build_statement(acme.id, date(2026, 5, 1), date(2026, 5, 31), date(2026, 6, 1), chunk=100)
    small = await build_statement(acme.id, date(2026, 5, 1), date(2026, 5, 31), date(2026, 6, 1), chunk=3)
    assert len(small.first.lines) == 3 and small.first.next is not None
    second = await statement_lines(small, small.first.next, chunk=3)
    assert [line.entry.id for line in second.lines] == [line.entry.id for line in whole.first.lines[3:6]]
    streamed = [line async for line in all_statement_lines(small, chunk=2)]
    assert [(line.entry.kind, line.entry.id, line.balance) for line in streamed] == \
        [(line.entry.kind, line.entry.id, line.balance) for line in whole.first.lines]
    assert len(streamed) == whole.line_count == 12
    assert streamed[-1].balance == whole.closing_balance


async def test_the_portal_statement_is_the_signed_in_persons_own(db):
    acme, _, _, _ = await acme_history()
    actor = await factories.portal_actor(await factories.person(acme))
    statement = await portal_statement_for(actor, 'custom', START.isoformat(), END.isoformat())
    assert statement.contact_id == acme.id and statement.invoiced == 25000


async def test_named_periods_and_bad_custom_dates(db):
    acme = await factories.contact('Acme')
    actor = await factories.portal_actor(await factories.person(acme))
    this_year = await portal_statement_for(actor, 'this_year')
    assert (this_year.start.month, this_year.start.day, this_year.end.month, this_year.end.day) == (1, 1, 12, 31)
    with pytest.raises(Invalid) as error:
        await portal_statement_for(actor, 'custom', END.isoformat(), START.isoformat())
    assert 'end' in error.value.fields
