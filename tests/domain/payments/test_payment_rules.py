"""What a card charge may be, and how money that arrives is split over what the invoices still owe."""
from datetime import date

import pytest

from domain.errors import Invalid
from domain.payments.rules import Payable, card_expired, card_label, fit_to_balances, plan_charge

ONE = Payable(1, 'INV-1', 10000, 'USD', allow_partial=True)
TWO = Payable(2, 'INV-2', 2550, 'USD', allow_partial=False)


def test_chosen_invoices_are_charged_their_whole_balances():
    assert plan_charge([ONE, TWO]) == [(1, 10000), (2, 2550)]


def test_a_partial_amount_is_allowed_only_for_one_invoice_that_allows_it():
    assert plan_charge([ONE], '1.00') == [(1, 100)]
    assert plan_charge([ONE], '1,00.00') == [(1, 10000)]
    for payables, typed in (([TWO], '10'), ([ONE, TWO], '10')):
        with pytest.raises(Invalid) as refused:
            plan_charge(payables, typed)
        assert set(refused.value.fields) == {'amount'}


@pytest.mark.parametrize(('typed', 'message'), [
    ('0.99', 'The smallest amount you can pay is $1.00.'),
    ('100.01', 'That is more than the balance due ($100.00).'),
    ('ten', 'Enter the amount as a number.'),
])
def test_a_partial_amount_outside_the_limits_is_refused(typed, message):
    with pytest.raises(Invalid) as refused:
        plan_charge([ONE], typed)
    assert refused.value.fields == {'amount': message}


def test_nothing_chosen_or_mixed_currencies_are_refused():
    for payables in ([], [ONE, Payable(3, 'INV-3', 500, 'EUR', False)]):
        with pytest.raises(Invalid) as refused:
            plan_charge(payables)
        assert set(refused.value.fields) == {'invoices'}


def test_money_for_invoices_paid_meanwhile_becomes_surplus():
    assert fit_to_balances([(1, 5000), (2, 3000)], {1: 5000, 2: 3000}) == ([(1, 5000), (2, 3000)], 0)
    assert fit_to_balances([(1, 5000), (2, 3000)], {1: 2000, 2: 0}) == ([(1, 2000)], 6000)
    assert fit_to_balances([(1, 5000)], {}) == ([], 5000)


def test_a_card_is_good_until_the_end_of_its_expiry_month():
    assert not card_expired(3, 2026, date(2026, 3, 31))
    assert card_expired(2, 2026, date(2026, 3, 1))
    assert card_label('visa', '4242') == 'Visa ending in 4242'
    assert card_label('amex', '0005') == 'American Express ending in 0005'
