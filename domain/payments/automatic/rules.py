"""Automatic payment's pure rules: when an invoice is charged, which attempt comes next after a decline (of a card)
or a returned debit (of a SEPA mandate), which are final, and when a saved card is about to expire. No I/O."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

RETRY_AFTER_DAYS = (1, 3, 7)  # a declined charge is tried again this many days after the first attempt
MAX_ATTEMPTS = 8  # however often the processor was out of reach, an invoice is not tried more often than this

# Declines the bank gives as final, after Stripe's list of decline codes (docs.stripe.com/declines/codes): the card is
# lost, stolen, expired, blocked or not this business's to charge, or the issuer said not to try again (the
# `do_not_try_again` code or advice), so trying the same card again cannot succeed, and the card networks penalise
# retries of these. Any other decline (insufficient_funds, do_not_honor, generic_decline, try_again_later, ...) is
# tried again on schedule: do_not_honor is the issuer's reason-less no, which often passes a few days later.
HARD_DECLINES = frozenset({
    'lost_card', 'stolen_card', 'pickup_card', 'expired_card', 'fraudulent', 'merchant_blacklist',
    'restricted_card', 'security_violation', 'invalid_account', 'incorrect_number', 'invalid_number',
    'card_not_supported', 'currency_not_supported', 'revocation_of_all_authorizations',
    'revocation_of_authorization', 'stop_payment_order', 'new_account_information_available',
    'transaction_not_allowed', 'do_not_try_again',
})
# SEPA debits the bank returned for good, after the failure codes Stripe gives a bank debit (docs.stripe.com/declines/
# network-codes; the SEPA R-transaction reasons behind them): the account is closed, frozen, blocked for debits,
# wrong, unknown, or moved to another bank, the holder died, the bank holds no valid mandate (MD01) or the holder
# refused it, or the account cannot take the currency. Debiting it again cannot succeed, and a debit without a
# mandate must never be repeated: the client has to give a new mandate. Any other failure (insufficient_funds, the
# AM04 return, could_not_process, a plain decline) is tried again on the card schedule, 1, 3 and 7 days after the
# first attempt. A debit refused when it was submitted (the processor would not take it) counts as final too.
FINAL_DEBIT_FAILURES = frozenset({
    'account_closed', 'bank_account_closed', 'account_frozen', 'bank_account_frozen', 'bank_account_restricted',
    'bank_account_invalid_details', 'bank_account_unusable', 'invalid_account_number', 'no_account',
    'branch_does_not_exist', 'bank_ownership_changed', 'recipient_deceased', 'debit_not_authorized',
    'debit_authorization_not_match', 'invalid_currency', 'incorrect_account_holder_name',
    'incorrect_account_holder_address', 'incorrect_account_holder_tax_id', 'refused',
})
AUTHENTICATION_REQUIRED = 'authentication_required'

# what an attempt ended as
CHARGING, PAID, DECLINED, STOPPED, NEEDS_ACTION, UNAVAILABLE, PROCESSING = (
    'charging', 'paid', 'declined', 'stopped', 'needs_action', 'unavailable', 'processing')


@dataclass(frozen=True)
class Attempt:
    number: int
    on: date
    status: str
    consent_id: int | None


def is_hard_decline(code: str) -> bool:
    """A card decline, or a returned debit, that is not tried again."""
    code = code.strip().lower()
    return code in HARD_DECLINES or code in FINAL_DEBIT_FAILURES


def next_attempt(attempts: list[Attempt], today: date, consent_id: int) -> int | None:
    """The number of the attempt due today for an invoice that is due and still owes, given its attempts so far
    (any order), or None.

    The first attempt is due at once. After a decline the next is due 1, 3 and 7 days after the first attempt (so
    at most four declines), and after a hard decline, an authentication the bank asked for, or the last retry,
    none, until the client chooses a card again (a new consent). An attempt the processor could not be reached
    for is followed by another at the next run. An attempt still charging, or processing, waits for its answer."""
    if not attempts:
        return 1
    ordered = sorted(attempts, key=lambda attempt: attempt.number)
    last = ordered[-1]
    if last.status in (CHARGING, PROCESSING, PAID) or last.number >= MAX_ATTEMPTS:
        return None
    if last.consent_id != consent_id:  # the client chose a card since: start again
        return last.number + 1
    if last.status == UNAVAILABLE:
        return last.number + 1
    if last.status != DECLINED:
        return None
    mine = [attempt for attempt in ordered if attempt.consent_id == consent_id]
    declines = sum(1 for attempt in mine if attempt.status == DECLINED)
    if declines > len(RETRY_AFTER_DAYS):
        return None
    first = mine[0].on
    return last.number + 1 if today >= first + timedelta(days=RETRY_AFTER_DAYS[declines - 1]) else None


def expires_soon(exp_month: int, exp_year: int, today: date, *, within_days: int = 31) -> bool:
    """A card works until the end of its expiry month: it is about to expire from a month before that end, and
    has not expired yet."""
    if not 1 <= exp_month <= 12 or exp_year < 1:
        return False
    last_day = (date(exp_year + (exp_month == 12), exp_month % 12 + 1, 1) - timedelta(days=1))
    return last_day - timedelta(days=within_days) <= today <= last_day


def retry_on(first_on: date, declines: int) -> date | None:
    """After the `declines`-th decline under a consent (counting the one just now), the day of the next try."""
    if not 1 <= declines <= len(RETRY_AFTER_DAYS):
        return None
    return first_on + timedelta(days=RETRY_AFTER_DAYS[declines - 1])
