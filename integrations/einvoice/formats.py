"""The e-invoice formats behind `domain.einvoices.port.Formats`: which XML a flavor is, written and checked in a
worker process (the rules take a few milliseconds an invoice once compiled, seconds to compile)."""
from __future__ import annotations

from domain.einvoices.model import FILE_SUFFIXES, PEPPOL_UBL, XRECHNUNG_CII, EInvoice
from domain.einvoices.port import Finding
from integrations.einvoice.checks import check
from integrations.einvoice.cii import cii_xml
from integrations.einvoice.ubl import ubl_xml
from integrations.off_loop import off_loop


def xml_for(invoice: EInvoice, flavor: str) -> bytes:
    if flavor == PEPPOL_UBL:
        return ubl_xml(invoice)
    return cii_xml(invoice, xrechnung=flavor == XRECHNUNG_CII)


def file_name(invoice: EInvoice, flavor: str) -> str:
    return f'{invoice.number}{FILE_SUFFIXES[flavor]}'


def write_and_check(invoice: EInvoice, flavor: str) -> list[Finding]:
    return check(xml_for(invoice, flavor), flavor)


class Formats:
    async def check(self, invoice: EInvoice, flavor: str) -> list[Finding]:
        return await off_loop(write_and_check, invoice, flavor)
