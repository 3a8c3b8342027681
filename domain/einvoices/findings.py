"""What a broken rule of EN 16931 or XRechnung means for staff: a sentence in their language, and the field of
which form fixes it (the business profile, the contact, or the document). Never the rule's code alone: a rule
this table does not know is said with the rule's own text. No I/O here.
"""
from __future__ import annotations

from dataclasses import dataclass

from domain.einvoices.model import EInvoice
from domain.einvoices.port import Finding
from domain.formats import N_, _

BUSINESS, CONTACT, DOCUMENT = 'business', 'contact', 'document'


@dataclass(frozen=True)
class Problem:
    form: str  # BUSINESS, CONTACT or DOCUMENT
    field: str  # the field's name in that form
    message: str  # in the reader's language

    @property
    def key(self) -> str:
        return f'{self.form}.{self.field}'


_SELLER_VAT = (BUSINESS, 'vat_id', N_("Lines with VAT need your business's VAT ID or tax number: add one in the "
                                      'business profile.'))
_BUYER_VAT_REVERSE = (CONTACT, 'vat_id', N_('This invoice has reverse-charge lines, so the contact needs a VAT ID.'))
_BUYER_VAT_INTRA = (CONTACT, 'vat_id', N_('This invoice has intra-community supplies, so the contact needs a VAT ID '
                                          '(and your business one too).'))
RULES: dict[str, tuple[str, str, str]] = {
    'BR-06': (BUSINESS, 'name', N_("The e-invoice needs your business's name.")),
    'BR-08': (BUSINESS, 'country', N_("The e-invoice needs your business's address with its country.")),
    'BR-09': (BUSINESS, 'country', N_('Choose the country of your business.')),
    'BR-CO-09': (BUSINESS, 'vat_id', N_('Write the VAT ID with its country code, like DE123456788.')),
    'BR-CO-26': (BUSINESS, 'registration_id', N_("Add your business's VAT ID or its company registration number, "
                                                 'so the buyer can tell who you are.')),
    'BR-S-02': _SELLER_VAT, 'BR-Z-02': _SELLER_VAT, 'BR-E-02': _SELLER_VAT, 'BR-DE-16': _SELLER_VAT,
    'BR-G-02': (BUSINESS, 'vat_id', N_("Exports need your business's VAT ID or tax number.")),
    'BR-AE-02': _BUYER_VAT_REVERSE, 'BR-AE-03': _BUYER_VAT_REVERSE, 'BR-AE-04': _BUYER_VAT_REVERSE,
    'BR-IC-02': _BUYER_VAT_INTRA, 'BR-IC-03': _BUYER_VAT_INTRA, 'BR-IC-04': _BUYER_VAT_INTRA,
    'BR-07': (CONTACT, 'company_name', N_("The e-invoice needs the contact's company name.")),
    'BR-10': (CONTACT, 'country', N_("The e-invoice needs the contact's address with its country.")),
    'BR-11': (CONTACT, 'country', N_("Choose the country of the contact's billing address.")),
    'BR-IC-12': (CONTACT, 'country', N_('An intra-community supply needs the country it goes to: choose the '
                                        "contact's country.")),
    'BR-DE-1': (BUSINESS, 'iban', N_('An XRechnung needs payment instructions: add your IBAN.')),
    'BR-DE-2': (BUSINESS, 'phone', N_("An XRechnung needs your business's phone number and email.")),
    'BR-DE-3': (BUSINESS, 'city', N_("An XRechnung needs your business's city.")),
    'BR-DE-4': (BUSINESS, 'postcode', N_("An XRechnung needs your business's postcode.")),
    'BR-DE-5': (BUSINESS, 'name', N_('An XRechnung needs a contact name for your business.')),
    'BR-DE-6': (BUSINESS, 'phone', N_("An XRechnung needs your business's phone number.")),
    'BR-DE-7': (BUSINESS, 'email', N_("An XRechnung needs your business's email address.")),
    'BR-DE-8': (CONTACT, 'city', N_("An XRechnung needs the city of the contact's billing address.")),
    'BR-DE-9': (CONTACT, 'postcode', N_("An XRechnung needs the postcode of the contact's billing address.")),
    'BR-DE-15': (CONTACT, 'buyer_reference', N_('An XRechnung needs the buyer reference (for German public buyers '
                                                'their Leitweg-ID).')),
    'BR-DE-23-a': (BUSINESS, 'iban', N_('A bank transfer needs your IBAN.')),
    'BR-IC-11': (DOCUMENT, 'delivery_date', N_('An intra-community supply needs the delivery date or the service '
                                               'period.')),
    'BR-CO-25': (DOCUMENT, 'due_date', N_('An invoice with an amount due needs a due date.')),
    'BR-16': (DOCUMENT, 'lines', N_('An invoice needs at least one line.')),
    'BR-E-10': (DOCUMENT, 'lines', N_('An exempt line needs the reason for the exemption, such as the law that '
                                      'exempts it.')),
    'BR-S-05': (DOCUMENT, 'lines', N_('A standard rated line needs a tax rate above 0%.')),
}


def problem_for(finding: Finding) -> Problem:
    known = RULES.get(finding.rule)
    if known is not None:
        form, field, message = known
        return Problem(form, field, _(message))
    if finding.rule == 'schema':
        return Problem(DOCUMENT, 'lines', _("The e-invoice does not fit the format's schema: {text}").format(
            text=finding.text))
    text = finding.text.split(']', 1)[-1].lstrip(' -') if finding.text.startswith('[') else finding.text
    return Problem(DOCUMENT, 'lines', _('The e-invoice breaks a rule of EN 16931: {text}').format(text=text))


def own_problems(invoice: EInvoice) -> list[Problem]:
    """What the official rules let through but the law asks for: when the goods or services were delivered
    (Factur-X's BR-FX-EN-04, a common reason e-invoices are sent back)."""
    problems = []
    if invoice.delivery_date is None and invoice.period is None:
        problems.append(Problem(DOCUMENT, 'delivery_date', _('Enter the delivery date or the service period: an '
                                                             'e-invoice must say when you delivered.')))
    return problems


def distinct(problems: list[Problem]) -> list[Problem]:
    seen: dict[tuple[str, str], Problem] = {}
    for problem in problems:
        seen.setdefault((problem.key, problem.message), problem)
    return list(seen.values())
