"""An invoice as EN 16931 sees it, in plain data: what both formats (CII and UBL) are written from. No I/O here.

Amounts are integer minor units as everywhere, with the currency's number of decimals in `decimals`. A document's
kind decides its type code (`TYPE_CODES`): an invoice 380, a retainer invoice (paid before the work) 386, a credit
note 381, which also names the invoice it corrects (`preceding`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from domain.models.enums import DocumentKind

CREDIT_NOTE = DocumentKind.CREDIT_NOTE.value
TYPE_CODES = {DocumentKind.INVOICE.value: '380', DocumentKind.RETAINER.value: '386', CREDIT_NOTE: '381'}
KINDS = frozenset(TYPE_CODES)
# the guideline (BT-24) each format claims: the PDF's Factur-X EN 16931 profile, XRechnung 3.0, Peppol BIS 3.0
EN16931 = 'urn:cen.eu:en16931:2017'
XRECHNUNG = 'urn:cen.eu:en16931:2017#compliant#urn:xeinkauf.de:kosit:xrechnung_3.0'
PEPPOL = 'urn:cen.eu:en16931:2017#compliant#urn:fdc:peppol.eu:2017:poacc:billing:3.0'
PEPPOL_PROFILE = 'urn:fdc:peppol.eu:2017:poacc:billing:01:1.0'
FACTURX, XRECHNUNG_CII, PEPPOL_UBL = 'facturx', 'xrechnung', 'peppol'
FILE_SUFFIXES = {FACTURX: '-factur-x.xml', XRECHNUNG_CII: '-xrechnung.xml', PEPPOL_UBL: '-peppol-ubl.xml'}


@dataclass(frozen=True)
class Party:
    name: str
    street: str
    postcode: str
    city: str
    country: str  # ISO 3166-1 alpha-2, '' when not known (a finding)
    vat_id: str = ''
    tax_number: str = ''
    registration_id: str = ''  # the seller's company registration (BT-30)
    legal_name: str = ''
    email: str = ''
    phone: str = ''
    contact_name: str = ''


@dataclass(frozen=True)
class Line:
    position: int
    name: str
    description: str
    quantity: Decimal
    unit: str
    price: int  # per unit, minor units
    amount: int  # the line's net amount
    tax: int  # its tax, as the document rounded it
    category: str  # vat.py
    tax_percent: Decimal
    exemption_reason: str = ''


@dataclass(frozen=True)
class TaxGroup:
    category: str
    tax_percent: Decimal
    basis: int
    tax: int
    exemption_reason: str = ''


@dataclass(frozen=True)
class Transfer:
    """Bank transfer: the account and the RF creditor reference that identifies the invoice."""
    iban: str
    bic: str
    account_name: str
    reference: str


@dataclass(frozen=True)
class EInvoice:
    kind: str
    number: str
    issue_date: date
    due_date: date | None
    currency: str
    decimals: int
    seller: Party
    buyer: Party
    buyer_reference: str
    lines: list[Line]
    taxes: list[TaxGroup]
    subtotal: int
    tax_total: int
    total: int
    paid: int
    delivery_date: date | None = None
    period: tuple[date, date] | None = None
    transfer: Transfer | None = None
    payment_terms: str = ''
    notes: list[str] = field(default_factory=list)
    order_reference: str = ''
    preceding: tuple[str, date | None] | None = None  # a credit note's invoice: its number and date

    @property
    def type_code(self) -> str:
        return TYPE_CODES[self.kind]

    @property
    def due(self) -> int:
        return self.total - self.paid

    def amount(self, minor: int) -> Decimal:
        """Minor units as the decimal amount the XML writes: 12345 -> Decimal('123.45') for EUR."""
        return Decimal(minor).scaleb(-self.decimals).quantize(Decimal(1).scaleb(-max(self.decimals, 2)))
