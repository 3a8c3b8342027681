"""The fixtures the audit trail's stories borrow: a card payment made against localstripe (from the refund tests) and
the clock the scheduler's tests move."""
from tests.services.jobs.conftest import moving_clock  # noqa: F401 (a fixture)
from tests.services.payments.test_refunds_localstripe import paid_by_card, stripe_up  # noqa: F401 (fixtures)
