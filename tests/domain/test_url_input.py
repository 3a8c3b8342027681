"""Reading ids, choices and page numbers from an address: odd text falls back, it never raises anything but
NotFound."""
import pytest

from domain.errors import NotFound
from domain.url_input import MAX_ID, choice, page_number, record_id, require_id


def test_an_id_is_a_positive_number_that_fits_the_id_columns():
    assert record_id('42') == 42 and record_id(' 7 ') == 7 and record_id(MAX_ID) == MAX_ID
    for odd in ('0', '-1', '', None, 'abc', '1.5', '1e3', '\uff11', '\u0663', '4 2', str(MAX_ID + 1),
                '9223372036854775807', '9' * 40, 0, -3, MAX_ID + 1, 2**63, True):
        assert record_id(odd) is None, odd
        with pytest.raises(NotFound):
            require_id(odd)


def test_an_unknown_choice_is_the_default():
    allowed = {'all': 'All', 'paid': 'Paid'}
    assert choice('paid', allowed, 'all') == 'paid'
    assert [choice(odd, allowed, 'all') for odd in ('bogus', '', None, 'Paid', 'paid\x00')] == ['all'] * 5


def test_a_page_number_is_at_least_one_and_at_most_a_million():
    assert [page_number(v) for v in ('3', 3, '', None, 'x', '-2', '0', '1e9', '9' * 40, 10**9)] == \
        [3, 3, 1, 1, 1, 1, 1, 1, 1_000_000, 1_000_000]
