"""What Pay Now offers for a SEPA direct debit: whether it may (the business turned it on and gave its creditor
identifier, and the invoices are in EUR), the mandate text the person accepts, and the accounts they saved."""
from __future__ import annotations

from dataclasses import dataclass

from domain.formats import N_, _
from domain.models import Business, SepaMandate

CURRENCY = 'EUR'
MANDATE = N_('By accepting this mandate, you authorise {business} (creditor identifier {creditor_id}) to send '
             'instructions to your bank to debit your account, and your bank to debit your account in accordance '
             'with those instructions. You are entitled to a refund from your bank under the terms and conditions '
             'of your agreement with your bank. A refund must be claimed within eight weeks starting from the date '
             'on which your account was debited.')


@dataclass(frozen=True)
class MandateView:
    id: int
    label: str  # account holder and the IBAN's last 4 digits


@dataclass(frozen=True)
class DebitOffer:
    """What Pay Now shows for a debit: the mandate text and the mandates the person saved."""
    mandate_text: str
    mandates: list[MandateView]


def mandate_text(business: Business) -> str:
    return _(MANDATE).format(business=business.name, creditor_id=business.creditor_id)


async def debit_offer(person_id: int, currency: str) -> DebitOffer | None:
    """None unless the business debits and `currency` is EUR."""
    business = await Business.first()
    if business is None or not business.sepa_debit_enabled or not business.creditor_id or currency != CURRENCY:
        return None
    mandates = await SepaMandate.filter(person_id=person_id, saved=True, revoked=False).order_by('-id')
    return DebitOffer(mandate_text(business), [MandateView(m.id, mandate_label(m)) for m in mandates])


def mandate_label(mandate: SepaMandate) -> str:
    return _('{holder} · IBAN ····{last4}').format(holder=mandate.account_holder, last4=mandate.iban_last4)
