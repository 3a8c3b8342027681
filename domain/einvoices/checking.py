"""Checking an invoice's e-invoices before it is sent, and what staff read of the result.

E-invoices are made once the business has said where it is (its country, in the business profile). From then on
sending an invoice, retainer invoice or credit note checks the Factur-X XML of its PDF, and the XML chosen for the
contact's emails (XRechnung or Peppol), against the schema and the official rules; a failure refuses sending with
each problem in words, under the field that fixes it.
"""
from __future__ import annotations

from typing import cast

from domain import sessions
from domain.actors import StaffActor
from domain.einvoices import assemble, port
from domain.einvoices.findings import Problem, distinct, own_problems, problem_for
from domain.einvoices.model import FACTURX, KINDS
from domain.errors import Invalid
from domain.formats import _
from domain.models import Business, Contact, Document


class EInvoiceRefused(Invalid):
    """Sending refused: the e-invoice would not pass. `problems` say what to fix where."""

    def __init__(self, problems: list[Problem]) -> None:
        fields: dict[str, str] = {}
        for problem in problems:
            fields[problem.key] = f'{fields[problem.key]} {problem.message}' if problem.key in fields \
                else problem.message
        super().__init__(fields, _('This invoice cannot be sent yet: its e-invoice is not complete. {problems}')
                         .format(problems=' '.join(problem.message for problem in problems)))
        self.problems = problems


async def einvoicing_on() -> bool:
    return bool(await Business.filter(country__not='').exists())


async def flavors_for(document: Document) -> list[str]:
    """The Factur-X XML of the PDF, and the contact's chosen XML for its emails."""
    chosen = cast(list[str], await Contact.filter(id=document.contact_id).values_list('einvoice_format', flat=True))
    return [FACTURX, *(flavor for flavor in chosen if flavor in ('xrechnung', 'peppol'))]


async def problems_of(document_id: int) -> list[Problem]:
    """Every problem of the document's e-invoices ([] for an estimate, or while e-invoicing is off)."""
    document = await Document.get_or_none(id=document_id)
    formats = port.installed()
    if document is None or document.kind not in KINDS or formats is None or not await einvoicing_on():
        return []
    invoice = await assemble.load(document_id)
    problems = own_problems(invoice)
    for flavor in await flavors_for(document):
        problems += [problem_for(finding) for finding in await formats.check(invoice, flavor)]
    return distinct(problems)


async def check_before_sending(document_id: int) -> None:
    """Raise EInvoiceRefused when the document's e-invoices would not pass (the sending use case checked who)."""
    problems = await problems_of(document_id)
    if problems:
        raise EInvoiceRefused(problems)


async def problems_for(actor: StaffActor, document_id: int, form: str = '') -> list[Problem]:
    """What staff should fix for the document's e-invoice, on one form (`form`) or everywhere."""
    await sessions.check(actor)
    return [problem for problem in await problems_of(document_id) if not form or problem.form == form]
