"""Matching a bank statement of 5,000 credits against 10,000 open invoices: how long it takes, and the share of
credits matched automatically in a generated set where 90% carry the invoice's correct RF creditor reference.

    .venv/bin/python bench/bank_matching.py [--lines 5000] [--invoices 10000]

The set: 1,000 clients with 10 open invoices each. Of the credits, 90% quote the RF reference of the invoice they
pay (structured, as CAMT's CdtrRefInf), 4% write its number in the remittance text, 3% only say the payer's name
with the exact amount, and 3% say nothing usable. Prints, for a CAMT.053 file of those credits:
1. reading the file (lxml, safe parser), and matching alone (pure, in memory);
2. the whole upload as staff run it (`import_statement`: read, look up keys, load the open invoices, match, store
   the lines) on a temporary SQLite database, then the same file again (every line known: nothing new);
3. the share matched automatically, the share matched to the right invoice, and wrong suggestions.
"""
from __future__ import annotations

import argparse
import asyncio
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault('DATA_DIR', tempfile.mkdtemp(prefix='bench-bank-'))
os.environ.setdefault('PORTAL_SECRET', 'bench-secret')

WORDS = ('Nordic', 'Acme', 'Globex', 'Initech', 'Umbrella', 'Stark', 'Wayne', 'Tyrell', 'Cyberdyne', 'Soylent',
         'Hooli', 'Vandelay', 'Wonka', 'Gringotts', 'Aperture', 'Massive', 'Dynamic', 'Oceanic', 'Virtucon', 'Monarch')
KINDS = ('GmbH', 'Ltd', 'SARL', 'SL', 'Inc', 'AG')


def parse() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('--lines', type=int, default=5000)
    parser.add_argument('--invoices', type=int, default=10000)
    return parser.parse_args()


def generate(lines: int, invoices: int, seed: int = 30):
    from domain.einvoices.transfer import creditor_reference
    from domain.payments.bank.matching import OpenInvoice
    from tests.bank_support import Credit
    rng = random.Random(seed)
    clients = [f'{rng.choice(WORDS)} {rng.choice(WORDS)} {n} {rng.choice(KINDS)}' for n in range(invoices // 10)]
    open_invoices = [OpenInvoice(n + 1, f'INV-{n + 1:06d}', n // 10 + 1, clients[n // 10],
                                 rng.randrange(1000, 500000), 'EUR') for n in range(invoices)]
    paid = rng.sample(open_invoices, lines)
    credits, intended = [], []
    for number, invoice in enumerate(paid):
        roll = rng.random()
        name = invoice.contact_name.upper()
        if roll < 0.90:
            credit = Credit(invoice.balance, name, reference=creditor_reference(invoice.number))
        elif roll < 0.94:
            credit = Credit(invoice.balance, name, text=f'Rechnung {invoice.number} vielen Dank')
        elif roll < 0.97:
            credit = Credit(invoice.balance, invoice.contact_name, text='Payment')
        else:
            credit = Credit(invoice.balance + 1, 'Someone', text='Thanks')
        credits.append(Credit(**{**credit.__dict__, 'bank_ref': f'B{number:07d}'}))
        intended.append(invoice.id)
    return open_invoices, credits, intended


async def whole_upload(open_invoices, data: bytes) -> tuple[float, float, int, int]:
    from tortoise import Tortoise

    from domain.models import Business, Contact, Document
    from domain.payments.bank.statements import import_statement
    from integrations.database import MODELS
    from tests import factories
    path = Path(os.environ['DATA_DIR']) / 'bench.sqlite3'
    await Tortoise.init(db_url=f'sqlite://{path}', modules={'models': MODELS})
    await Tortoise.generate_schemas()
    await Business.create(name='Bench Studio', email='bench@example.com', currency='EUR')
    contacts = {}
    for invoice in open_invoices:
        contacts.setdefault(invoice.contact_id, invoice.contact_name)
    await Contact.bulk_create([Contact(id=i, display_name=n, company_name=n, currency='EUR')
                               for i, n in contacts.items()], batch_size=1000)
    await Document.bulk_create([Document(id=i.id, kind='invoice', number=i.number, contact_id=i.contact_id,
                                         status='sent', issue_date='2026-10-01', due_date='2026-11-01',
                                         total=i.balance, amount_paid=0, currency='EUR') for i in open_invoices],
                               batch_size=1000)
    actor = await factories.staff_actor()
    started = time.perf_counter()
    first = await import_statement(actor, 'bench.xml', data)
    first_time = time.perf_counter() - started
    started = time.perf_counter()
    again = await import_statement(actor, 'bench.xml', data)
    again_time = time.perf_counter() - started
    await Tortoise.close_connections()
    return first_time, again_time, first.new, again.new


def main() -> None:
    args = parse()
    from domain.payments.bank.camt import parse_camt
    from domain.payments.bank.matching import suggest_all
    from tests.bank_support import camt053
    open_invoices, credits, intended = generate(args.lines, args.invoices)
    data = camt053(credits)
    print(f'{args.lines:,} credits against {args.invoices:,} open invoices; CAMT.053 file of {len(data) / 1e6:.1f} MB')
    started = time.perf_counter()
    lines = parse_camt(data)
    read = time.perf_counter() - started
    started = time.perf_counter()
    suggestions = suggest_all(lines, open_invoices)
    matched = time.perf_counter() - started
    automatic = sum(1 for s in suggestions if s.invoice_id is not None)
    right = sum(1 for s, want in zip(suggestions, intended, strict=True) if s.invoice_id == want)
    wrong = automatic - right
    by_basis: dict[str, int] = {}
    for s in suggestions:
        by_basis[s.basis or 'none'] = by_basis.get(s.basis or 'none', 0) + 1
    print(f'read the file: {read * 1000:.0f} ms; match in memory: {matched * 1000:.0f} ms')
    print(f'matched automatically: {automatic / len(lines):.1%} ({automatic:,} of {len(lines):,}); to the right '
          f'invoice: {right / len(lines):.1%}; wrong suggestions: {wrong}; by basis: {by_basis}')
    first, again, new, new_again = asyncio.run(whole_upload(open_invoices, data))
    print(f'whole upload on SQLite (read, keys, open invoices, match, store): {first:.2f} s for {new:,} new lines; '
          f'the same file again: {again:.2f} s, {new_again} new')


if __name__ == '__main__':
    main()
