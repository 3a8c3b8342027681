"""E-invoice cost per invoice, in one run over the demo data's invoices (about 30, 1 to 4 lines each): building
the XML (CII with drafthorse, UBL with lxml), checking it (schema and the official Schematron rules with saxonche),
and embedding the CII in the PDF as Factur-X PDF/A-3, against making the invoice's PDF itself.

It prints the median milliseconds of each step, their share of the plain PDF (Helvetica, nothing embedded, as an
estimate's PDF still is), and what the Factur-X PDF costs over the plain one (embedded fonts + XML + embedding).
Compiling the rule files happens once per process: printed apart.
Run: .venv/bin/python bench/einvoice.py
"""
from __future__ import annotations

import asyncio
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from tortoise.context import tortoise_test_context

from domain import clock, formats
from domain.documents.views import load_business, load_document
from domain.einvoices import assemble
from domain.models import Document, DocumentKind
from domain.overview import demo
from integrations.database import MODELS
from integrations.einvoice import checks
from integrations.einvoice.cii import cii_xml
from integrations.einvoice.embed import facturx_pdf
from integrations.einvoice.ubl import ubl_xml
from integrations.pdf.document import render_document_pdf

ROUNDS = 5


def timed(function: Callable[[], object]) -> float:
    best = []
    for _ in range(ROUNDS):
        start = time.perf_counter()
        function()
        best.append((time.perf_counter() - start) * 1000)
    return statistics.median(best)


async def main() -> None:
    async with tortoise_test_context(MODELS, db_url='sqlite://:memory:'):
        await demo.seed()
        business = await load_business()
        ids = await Document.filter(kind__in=[DocumentKind.INVOICE, DocumentKind.RETAINER]).values_list('id', flat=True)
        items = [(await load_document(i, clock.today()), await assemble.load(i)) for i in ids]
    start = time.perf_counter()
    checks.check(cii_xml(items[0][1]), 'facturx')
    checks.check(cii_xml(items[0][1], xrechnung=True), 'xrechnung')
    checks.check(ubl_xml(items[0][1]), 'peppol')
    compile_ms = (time.perf_counter() - start) * 1000
    steps: dict[str, list[float]] = {name: [] for name in (
        'plain PDF', 'PDF with embedded fonts', 'build CII', 'check CII (Factur-X)', 'check XRechnung CII',
        'build UBL', 'check UBL (Peppol)', 'embed (Factur-X PDF/A-3)')}
    with formats.reading('en', 'UTC'):
        for view, invoice in items:
            xml = cii_xml(invoice)
            pdf = render_document_pdf(view, business, embed_fonts=True)
            steps['plain PDF'].append(timed(lambda v=view: render_document_pdf(v, business)))
            steps['PDF with embedded fonts'].append(timed(lambda v=view: render_document_pdf(v, business,
                                                                                            embed_fonts=True)))
            steps['build CII'].append(timed(lambda i=invoice: cii_xml(i)))
            steps['check CII (Factur-X)'].append(timed(lambda x=xml: checks.check(x, 'facturx')))
            xr = cii_xml(invoice, xrechnung=True)
            steps['check XRechnung CII'].append(timed(lambda x=xr: checks.check(x, 'xrechnung')))
            steps['build UBL'].append(timed(lambda i=invoice: ubl_xml(i)))
            ubl = ubl_xml(invoice)
            steps['check UBL (Peppol)'].append(timed(lambda x=ubl: checks.check(x, 'peppol')))
            steps['embed (Factur-X PDF/A-3)'].append(timed(lambda p=pdf, x=xml: facturx_pdf(
                p, x, title='Invoice', author='Northwind', subject='Invoice', language='en')))
    plain = statistics.median(steps['plain PDF'])
    print(f'{len(items)} demo invoices, median of {ROUNDS} runs each; rule files compiled once: {compile_ms:.0f} ms')
    print(f'{"step":32} {"ms":>8} {"of plain PDF":>14}')
    for name, values in steps.items():
        value = statistics.median(values)
        print(f'{name:32} {value:8.1f} {value / plain:13.0%}')
    facturx = statistics.median(steps['PDF with embedded fonts']) + statistics.median(steps['build CII']) \
        + statistics.median(steps['embed (Factur-X PDF/A-3)'])
    checked = sum(statistics.median(steps[name]) for name in ('build CII', 'check CII (Factur-X)'))
    print(f'Factur-X PDF as made for a download: {facturx:.1f} ms = {facturx / plain:.1f}x the plain PDF')
    print(f'build + check before sending (Factur-X CII): {checked:.1f} ms = {checked / plain:.0%} of the plain PDF')


if __name__ == '__main__':
    asyncio.run(main())
