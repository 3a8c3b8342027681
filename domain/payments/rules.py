"""Pure rules of online payments: what a charge may be, and how money that arrives is split. No I/O here."""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from domain.documents.rules import parse_money
from domain.errors import Invalid
from domain.formats import _, decimals, money


@dataclass(frozen=True)
class Payable:
    """An invoice the person may pay online now, with what is still owed on it."""
    id: int
    number: str
    balance: int
    currency: str
    allow_partial: bool


def minimum_charge(currency: str) -> int:
    """The smallest amount taken by card when a person chooses the amount: 1.00 in the invoice's currency."""
    return 10 ** decimals(currency)


def plan_charge(payables: Sequence[Payable], amount_text: str = '') -> list[tuple[int, int]]:
    """[(invoice id, cents)] for the chosen invoices: each one's whole balance, or, for a single invoice that allows
    partial payment, the amount typed (between the minimum and the balance). Anything else is refused."""
    if not payables:
        raise Invalid.field('invoices', _('Choose at least one invoice to pay.'))
    currencies = {payable.currency for payable in payables}
    if len(currencies) > 1:
        raise Invalid.field('invoices', _('Invoices in different currencies must be paid one currency at a time.'))
    text = (amount_text or '').strip()
    if not text:
        return [(payable.id, payable.balance) for payable in payables]
    if len(payables) != 1 or not payables[0].allow_partial:
        raise Invalid.field('amount', _('Only the full balance can be paid for this selection.'))
    payable = payables[0]
    try:
        amount = parse_money(text, payable.currency, what='the amount')
    except ValueError as error:
        raise Invalid.field('amount', str(error)) from error
    smallest = minimum_charge(payable.currency)
    if amount < smallest:
        raise Invalid.field('amount', _('The smallest amount you can pay is {amount}.').format(
            amount=money(smallest, payable.currency)))
    if amount > payable.balance:
        raise Invalid.field('amount', _('That is more than the balance due ({amount}).').format(
            amount=money(payable.balance, payable.currency)))
    return [(payable.id, amount)]


def fit_to_balances(planned: Sequence[tuple[int, int]], balances: dict[int, int]) -> tuple[list[tuple[int, int]], int]:
    """Split money received for `planned` over what the invoices still owe now: ([(invoice id, cents)], surplus).

    An invoice paid another way in the meantime takes only what it still owes (maybe nothing); the rest is surplus.
    """
    fits = []
    for invoice_id, amount in planned:
        share = min(amount, max(balances.get(invoice_id, 0), 0))
        if share > 0:
            fits.append((invoice_id, share))
    return fits, sum(amount for _invoice_id, amount in planned) - sum(share for _invoice_id, share in fits)


def card_expired(exp_month: int, exp_year: int, today: date) -> bool:
    """A card is good until the end of its expiry month."""
    return (exp_year, exp_month) < (today.year, today.month)


def card_label(brand: str, last4: str) -> str:
    names = {'visa': 'Visa', 'mastercard': 'Mastercard', 'amex': 'American Express', 'discover': 'Discover',
             'diners': 'Diners Club', 'jcb': 'JCB', 'unionpay': 'UnionPay', 'cartes_bancaires': 'Cartes Bancaires'}
    name = names.get(brand.lower(), brand.replace('_', ' ').title() or _('Card'))
    return _('{card} ending in {digits}').format(card=name, digits=last4) if last4 else name
