import pytest

from domain.access.passwords import check_new_password, hash_password, password_problem, verify_password
from domain.errors import Invalid


@pytest.mark.parametrize(('password', 'reason'), [
    ('short', 'at least 8'),
    ('x' * 65, 'at most 64 characters'),
    ('ü' * 40, 'at most 72 bytes'),
    ('password123', 'too common'),
    ('PassWord1', 'too common'),
    ('aaaaaaaaaaaa', 'too common'),
    ('casey.client', 'email address'),
])
def test_weak_passwords_are_refused_with_the_reason(password, reason):
    assert reason in password_problem(password, email='casey.client@example.com')


def test_a_good_password_passes_and_confirmation_must_match():
    assert password_problem('blue-harbour-lantern') is None
    check_new_password('blue-harbour-lantern', 'blue-harbour-lantern')
    with pytest.raises(Invalid) as error:
        check_new_password('blue-harbour-lantern', 'blue-harbour-lanterm')
    assert error.value.fields == {'confirm': 'The two passwords do not match.'}


@pytest.mark.real_bcrypt
async def test_passwords_are_hashed_with_bcrypt_cost_12():
    hashed = await hash_password('blue-harbour-lantern')
    assert hashed.startswith('$2b$12$')
    assert await verify_password('blue-harbour-lantern', hashed)
    assert not await verify_password('blue-harbour-lanterm', hashed)
    assert not await verify_password('x' * 100, hashed)  # over 72 bytes: refused, not an error
    assert not await verify_password('not a password anyone has', None)
