"""When an invoice paid automatically is charged again: the retry schedule, final declines, a new card."""
from datetime import date, timedelta

from domain.payments.automatic.rules import (
    CHARGING,
    DECLINED,
    NEEDS_ACTION,
    PAID,
    STOPPED,
    UNAVAILABLE,
    Attempt,
    is_hard_decline,
    next_attempt,
    retry_on,
)

FIRST = date(2026, 3, 10)


def declined(*days: int, consent: int = 1) -> list[Attempt]:
    return [Attempt(n + 1, FIRST + timedelta(days=day), DECLINED, consent) for n, day in enumerate(days)]


def test_the_first_attempt_is_due_at_once_and_declines_are_tried_again_1_3_and_7_days_after_it():
    assert next_attempt([], FIRST, 1) == 1
    assert next_attempt(declined(0), FIRST, 1) is None
    assert next_attempt(declined(0), FIRST + timedelta(days=1), 1) == 2
    assert next_attempt(declined(0, 1), FIRST + timedelta(days=2), 1) is None
    assert next_attempt(declined(0, 1), FIRST + timedelta(days=3), 1) == 3
    assert next_attempt(declined(0, 1, 3), FIRST + timedelta(days=6), 1) is None
    assert next_attempt(declined(0, 1, 3), FIRST + timedelta(days=7), 1) == 4
    assert next_attempt(declined(0, 1, 3, 7), FIRST + timedelta(days=60), 1) is None
    assert [retry_on(FIRST, n) for n in (1, 2, 3, 4)] == [FIRST + timedelta(days=1), FIRST + timedelta(days=3),
                                                          FIRST + timedelta(days=7), None]


def test_after_a_catch_up_the_next_retry_comes_once_not_once_per_missed_day():
    assert next_attempt(declined(0), FIRST + timedelta(days=30), 1) == 2
    assert next_attempt(declined(0, 30), FIRST + timedelta(days=30), 1) == 3  # the 3-day retry is overdue too


def test_a_hard_decline_an_authentication_or_a_payment_stops_until_the_client_chooses_a_card_again():
    for status in (STOPPED, NEEDS_ACTION, PAID, CHARGING):
        attempts = [Attempt(1, FIRST, status, 1)]
        assert next_attempt(attempts, FIRST + timedelta(days=30), 1) is None
    assert next_attempt([Attempt(1, FIRST, STOPPED, 1)], FIRST + timedelta(days=2), 2) == 2  # a new consent
    assert next_attempt(declined(0, 1, 3, 7), FIRST + timedelta(days=9), 2) == 5


def test_an_unreachable_processor_is_tried_again_at_the_next_run():
    assert next_attempt([Attempt(1, FIRST, UNAVAILABLE, 1)], FIRST, 1) == 2


def test_final_declines_are_the_lost_stolen_expired_and_fraudulent_cards_and_do_not_try_again():
    for code in ('lost_card', 'stolen_card', 'expired_card', 'fraudulent', 'pickup_card', 'do_not_try_again',
                 'LOST_CARD '):
        assert is_hard_decline(code)
    for code in ('insufficient_funds', 'do_not_honor', 'generic_decline', 'card_declined', 'try_again_later', ''):
        assert not is_hard_decline(code)



def test_a_debit_returned_for_a_closed_or_wrong_account_or_without_a_mandate_is_final_and_no_funds_is_not():
    for code in ('account_closed', 'bank_account_frozen', 'no_account', 'invalid_account_number',
                 'debit_not_authorized', 'bank_ownership_changed', 'refused'):
        assert is_hard_decline(code)
    for code in ('insufficient_funds', 'could_not_process', 'generic_could_not_process', 'card_declined'):
        assert not is_hard_decline(code)
