"""What a client person may choose to pay automatically with, and the words they agree to for it: one of their saved
cards that has not expired, or one of their saved, unrevoked SEPA mandates while the business debits (SEPA debit
turned on with a creditor identifier). A mandate debits EUR invoices only: the words say so, and the job leaves
invoices in other currencies alone under it.

A choice travels as a key, 'card:<id>' or 'mandate:<id>' (a bare id is a card, as before mandates could be chosen),
and is always read again against the person's own saved methods."""
from __future__ import annotations

from dataclasses import dataclass

from domain.business import profile as business
from domain.errors import Invalid
from domain.form_input import require_id
from domain.formats import _
from domain.models import SavedCard, SepaMandate
from domain.payments.rules import card_expired, card_label
from domain.payments.sepa_offer import CURRENCY, debit_offer

CARD, MANDATE = 'card', 'mandate'


@dataclass(frozen=True)
class MethodChoice:
    key: str
    label: str
    debit: bool = False  # a SEPA mandate: EUR invoices only


@dataclass(frozen=True)
class Chosen:
    """A saved method the person chose, with what the consent records of it."""
    card: SavedCard | None
    mandate: SepaMandate | None
    payment_method_id: str
    label: str


def debit_label(last4: str) -> str:
    return _('Bank debit (SEPA) ····{last4}').format(last4=last4)


def key(kind: str, method_id: int | None) -> str:
    return f'{kind}:{method_id}'


async def usable_cards(person_id: int) -> list[SavedCard]:
    today = await business.today()
    return [card for card in await SavedCard.filter(person_id=person_id).order_by('-is_default', '-created_at', '-id')
            if not card_expired(card.exp_month, card.exp_year, today)]


async def usable_mandates(person_id: int) -> list[SepaMandate]:
    if await debit_offer(person_id, CURRENCY) is None:
        return []
    return list(await SepaMandate.filter(person_id=person_id, saved=True, revoked=False).order_by('-id'))


async def choices(person_id: int) -> list[MethodChoice]:
    return [*(MethodChoice(key(CARD, card.id), card_label(card.brand, card.last4))
              for card in await usable_cards(person_id)),
            *(MethodChoice(key(MANDATE, mandate.id), debit_label(mandate.iban_last4), debit=True)
              for mandate in await usable_mandates(person_id))]


def _parse(choice: int | str | None) -> tuple[str, int]:
    text = str(choice if choice is not None else '').strip()
    kind, _sep, number = text.rpartition(':')
    if kind not in ('', CARD, MANDATE) or not number:
        raise Invalid.field('card', _('Choose one of your saved cards.'))
    return kind or CARD, require_id(number)


async def chosen(person_id: int, choice: int | str | None) -> Chosen:
    """The person's own usable card or mandate for `choice`; Invalid (at the field 'card') otherwise."""
    if choice in (None, ''):
        raise Invalid.field('card', _('Choose one of your saved cards.'))
    kind, method_id = _parse(choice)
    if kind == MANDATE:
        mandate = next((m for m in await usable_mandates(person_id) if m.id == method_id), None)
        if mandate is None:
            raise Invalid.field('card', _('Choose one of your saved bank accounts.'))
        return Chosen(None, mandate, mandate.payment_method_id, debit_label(mandate.iban_last4))
    card = next((card for card in await usable_cards(person_id) if card.id == method_id), None)
    if card is None:
        raise Invalid.field('card', _('Choose one of your saved cards that has not expired.'))
    return Chosen(card, None, card.payment_method_id, card_label(card.brand, card.last4))


def words(business_name: str, company: str, method: Chosen) -> str:
    """What a person agrees to, in the reader's language."""
    if method.mandate is not None:
        return _('I authorise {business} to debit my bank account ending in {last4} under the SEPA direct debit '
                 'mandate {reference} for the invoices of {company} in euros on the day each is due, and to try '
                 'again a few times when the bank returns a debit, until I turn automatic payment off in My '
                 'Account. Only invoices in euros are debited: invoices in other currencies are not paid '
                 'automatically. I receive a receipt by email for each payment.').format(
            business=business_name, last4=method.mandate.iban_last4, reference=method.mandate.reference,
            company=company)
    return _('I authorise {business} to charge my {card} for the invoices of {company} on the day each is due, '
             'and to try again a few times when the bank declines a charge, until I turn automatic payment off in '
             'My Account. I receive a receipt by email for each payment.').format(
        business=business_name, card=method.label, company=company)
