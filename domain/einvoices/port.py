"""What the domain needs from the e-invoice formats, implemented by `integrations/einvoice` (installed by app.py,
and by the tests' conftest): writing an invoice's XML in a format, and checking XML against the schema and the
official rules. With none installed, nothing is checked and no XML is made.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from domain.einvoices.model import EInvoice


@dataclass(frozen=True)
class Finding:
    """A rule the XML broke: its id (BR-DE-15, BR-AE-02, or 'schema'), the rule's own text, and where."""
    rule: str
    text: str
    location: str


class Formats(Protocol):
    async def check(self, invoice: EInvoice, flavor: str) -> list[Finding]:
        """Write `invoice` in `flavor` ('facturx', 'xrechnung', 'peppol') and check it, off the event loop."""
        ...


_installed: list[Formats] = []


def use(formats: Formats | None) -> None:
    _installed[:] = [formats] if formats is not None else []


def installed() -> Formats | None:
    return _installed[0] if _installed else None
