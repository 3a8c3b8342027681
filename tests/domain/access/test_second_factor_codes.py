"""The arithmetic of two-step sign-in, without a database: app codes, recovery codes, the encrypted secret."""
from datetime import UTC, datetime, timedelta

import pytest

from domain.access import second_factor_codes as codes

MOMENT = datetime(2026, 11, 27, 12, 0, 15, tzinfo=UTC)


def test_a_code_matches_its_step_and_one_either_side_only():
    secret = codes.new_secret()
    now = codes.step_at(MOMENT)
    for seconds, step in ((0, now), (-30, now - 1), (30, now + 1)):
        assert codes.matching_step(secret, codes.code_at(secret, MOMENT + timedelta(seconds=seconds)), MOMENT) == step
    for seconds in (-60, 60, 3600):
        assert codes.matching_step(secret, codes.code_at(secret, MOMENT + timedelta(seconds=seconds)), MOMENT) is None
    assert codes.matching_step(secret, 'abcdef', MOMENT) is None
    assert codes.matching_step(secret, '12345', MOMENT) is None


def test_the_secret_is_encrypted_and_bound_to_its_owner():
    secret = codes.new_secret()
    first, second = codes.encrypt(secret, 'portal:1'), codes.encrypt(secret, 'portal:1')
    assert secret not in first and first != second  # a fresh nonce each time
    assert codes.decrypt(first, 'portal:1') == secret
    for stored, owner in ((first, 'portal:2'), (first, 'staff:1'), ('v1:' + first[3:-2] + 'AA', 'portal:1'),
                          ('garbage', 'portal:1'), ('v2:' + first[3:], 'portal:1')):
        with pytest.raises(codes.UnreadableSecret):
            codes.decrypt(stored, owner)


def test_recovery_codes_are_many_different_and_typed_loosely():
    made = codes.new_recovery_codes()
    assert len(made) == 10 and len(set(made)) == 10
    for code in made:
        assert len(code) == 19 and code.count('-') == 3
        assert codes.is_recovery_code(codes.clean_code(code))
        assert codes.is_recovery_code(codes.clean_code(f'  {code.upper().replace("-", " ")} '))
        assert codes.recovery_hash(1, code) == codes.recovery_hash(1, code.upper())
        assert codes.recovery_hash(1, code) != codes.recovery_hash(2, code)
    assert not codes.is_recovery_code(codes.clean_code('123456'))


def test_the_key_is_shown_in_groups_of_four_and_the_app_address_names_the_account():
    assert codes.grouped('ABCDEFGHIJKL') == 'ABCD EFGH IJKL'
    uri = codes.provisioning_uri('JBSWY3DPEHPK3PXP' * 2, 'casey@acme.example', 'Northwind Client Portal')
    assert uri.startswith('otpauth://totp/Northwind%20Client%20Portal:casey%40acme.example?secret=JBSWY3DP')
    assert uri.endswith('&issuer=Northwind%20Client%20Portal')
