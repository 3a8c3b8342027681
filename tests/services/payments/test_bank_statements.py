"""Staff upload a bank statement: each credit is matched to an invoice by its RF reference, its number in the text,
or its amount and the payer's name; confirming records a bank transfer once, however often the file comes again;
files that are not statements, or do not fit their mapping, record nothing."""
from __future__ import annotations

from datetime import date

import pytest

from domain.einvoices.transfer import creditor_reference
from domain.errors import Conflict, Invalid
from domain.models import AuditEntry, BankLine, Document, InvoiceStatus, Payment, PaymentMode
from domain.payments.bank.mappings import MappingForm, save_mapping
from domain.payments.bank.review import find_invoices, open_lines
from domain.payments.bank.statements import confirm_line, import_statement, skip_line
from tests import factories
from tests.bank_support import Credit, camt053, csv_bank_a, csv_bank_b

DAY = date(2026, 11, 30)


@pytest.fixture
async def books(db):
    """A business in euros, its staff, and three clients with open invoices."""
    await factories.business(currency='EUR')
    staff = await factories.staff_actor()
    invoices = {}
    for name, rate in (('Acme Corporation', 12000), ('Globex GmbH', 45050), ('Initech Ltd', 9900)):
        contact = await factories.contact(name, currency='EUR')
        invoice = await factories.invoice(contact, rate)
        await Document.filter(id=invoice.id).update(currency='EUR')
        invoices[contact.display_name] = await Document.get(id=invoice.id)
    return staff, invoices


async def test_credits_are_matched_by_reference_number_and_amount_with_name(books):
    staff, invoices = books
    acme, globex, initech = invoices['Acme Corporation'], invoices['Globex GmbH'], invoices['Initech Ltd']
    result = await import_statement(staff, 'november.xml', camt053([
        Credit(12000, 'ACME CORP', reference=creditor_reference(acme.number)),
        Credit(45050, 'Globex', text=f'Payment of invoice {globex.number.replace("-", " ")} thanks'),
        Credit(9900, 'Initech Limited', text='October services'),
        Credit(5000, 'Somebody Else', text='Donation'),
        Credit(7000, 'Acme Corporation', debit=True),  # money going out is no payment
    ]))
    assert (result.new, result.known, result.skipped) == (4, 0, [])
    lines = await open_lines(staff)
    assert [(line.payer, line.basis, line.suggested.number if line.suggested else None) for line in lines] == [
        ('ACME CORP', 'reference', acme.number), ('Globex', 'number', globex.number),
        ('Initech Limited', 'amount_name', initech.number), ('Somebody Else', '', None)]
    assert not await Payment.exists()


async def test_confirming_records_a_bank_transfer_once_and_a_second_upload_records_nothing(books):
    staff, invoices = books
    acme, globex = invoices['Acme Corporation'], invoices['Globex GmbH']
    statement = camt053([Credit(12000, 'Acme', reference=creditor_reference(acme.number)),
                         Credit(20000, 'Globex GmbH', text=f'{globex.number} part 1')])
    await import_statement(staff, 'november.xml', statement)
    first, second = await open_lines(staff)
    payment_id = await confirm_line(staff, first.id, first.suggested.id)
    payment = await Payment.get(id=payment_id)
    assert (payment.mode, payment.amount, payment.date, payment.contact_id) == \
        (PaymentMode.BANK_TRANSFER, 12000, DAY, acme.contact_id)
    assert (await Document.get(id=acme.id)).status == InvoiceStatus.PAID
    with pytest.raises(Conflict):
        await confirm_line(staff, first.id, first.suggested.id)  # a second click, or a second tab
    await confirm_line(staff, second.id, globex.id)
    assert (await Document.get(id=globex.id)).status == InvoiceStatus.PARTIALLY_PAID

    again = await import_statement(staff, 'november (1).xml', statement)
    assert (again.new, again.known) == (0, 2)
    assert await open_lines(staff) == []
    assert await Payment.all().count() == 2
    trail = await AuditEntry.all().order_by('id').values_list('action', 'document_id', 'target_label')
    assert [row for row in trail if row[0].startswith('bank.')] == [
        ('bank.imported', None, 'november.xml'), ('bank.matched', acme.id, acme.number),
        ('bank.matched', globex.id, globex.number), ('bank.imported', None, 'november (1).xml')]
    assert [row[1] for row in trail if row[0] == 'payment.added'] == [None, None]  # each payment has its own row


async def test_staff_change_the_invoice_or_skip_a_line_and_unmatched_lines_stay_listed(books):
    staff, invoices = books
    initech = invoices['Initech Ltd']
    await import_statement(staff, 'november.xml', camt053([Credit(9900, 'I. Tech', text='services'),
                                                           Credit(300, 'Bank', text='Interest')]))
    unmatched, interest = await open_lines(staff)
    assert unmatched.suggested is None
    assert [choice.number for choice in await find_invoices(staff, 'initech', 'EUR')] == [initech.number]
    await confirm_line(staff, unmatched.id, initech.id)
    assert [line.id for line in await open_lines(staff)] == [interest.id]  # still listed until handled
    await skip_line(staff, interest.id, 'bank interest')
    assert await open_lines(staff) == []
    assert (await BankLine.get(id=interest.id)).status == 'skipped'


async def test_csv_with_two_mappings_reads_alike(books):
    staff, invoices = books
    acme, globex = invoices['Acme Corporation'], invoices['Globex GmbH']
    credits = [Credit(12000, 'Acme Corporation', text=f'Invoice {acme.number}'),
               Credit(45050, 'Globex GmbH', text=f'Rechnung {globex.number}')]
    bank_a = await save_mapping(staff, MappingForm('Bank A', {
        'date': 'Booking date', 'amount': 'Amount', 'currency': 'Currency', 'payer': 'Counterparty',
        'remittance': 'Purpose', 'booking_ref': 'Transaction id'}, account='DE02120300000000202051'))
    bank_b = await save_mapping(staff, MappingForm('Sparkasse', {
        'date': 'Buchungstag', 'amount': 'Betrag', 'payer': 'Auftraggeber', 'remittance': 'Verwendungszweck'},
        delimiter=';', decimal_comma=True, date_format='%d.%m.%Y', account='DE89370400440532013000'))
    assert (await import_statement(staff, 'a.csv', csv_bank_a(credits), bank_a)).new == 2
    assert (await import_statement(staff, 'b.csv', csv_bank_b(credits), bank_b)).new == 2
    assert (await import_statement(staff, 'b.csv', csv_bank_b(credits), bank_b)).known == 2  # no id: a hash
    lines = await open_lines(staff)
    assert [(line.amount, line.suggested.number) for line in lines] == [
        (12000, acme.number), (45050, globex.number), (12000, acme.number), (45050, globex.number)]
    with pytest.raises(Invalid) as refused:  # Bank A's file read with the other bank's mapping
        await import_statement(staff, 'a.csv', csv_bank_a(credits), bank_b)
    assert 'Buchungstag' in refused.value.fields['file']


async def test_bad_files_are_refused_and_record_nothing(books):
    staff, invoices = books
    acme = invoices['Acme Corporation']
    with pytest.raises(Invalid) as refused:
        await import_statement(staff, 'note.xml', b'<?xml version="1.0"?><Document><Hello/></Document>')
    assert 'CAMT.053' in refused.value.fields['file']
    with pytest.raises(Invalid):
        await import_statement(staff, 'broken.xml', camt053([Credit(12000)])[:-40])  # cut off half-way
    entity = (b'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x SYSTEM "file:///etc/passwd">]>'
              b'<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08">&x;</Document>')
    with pytest.raises(Invalid):
        await import_statement(staff, 'evil.xml', entity)
    with pytest.raises(Invalid) as refused:
        await import_statement(staff, 'huge.xml', b' ' * (10 * 1024 * 1024 + 1))
    assert '10 MB' in refused.value.fields['file']
    result = await import_statement(staff, 'mixed.xml', camt053([
        Credit(12000, reference=creditor_reference(acme.number)), Credit(5000, currency='USD')]))
    assert result.new == 1 and len(result.skipped) == 1 and 'USD' in result.skipped[0].reason
    assert await BankLine.all().count() == 1 and not await Payment.exists()
