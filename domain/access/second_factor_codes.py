"""The arithmetic of the second factor, without the database: authenticator codes (TOTP, RFC 6238, through pyotp),
recovery codes, and the encryption of the stored secret.

The secret is encrypted at rest with AES-GCM (the `cryptography` package; the standard library has no cipher, and a
hand-made one would be worse) under a key derived from PORTAL_SECRET, bound to its owner so that a secret copied to
another row does not decrypt. Recovery codes carry about 79 random bits, so a fast keyed hash (HMAC-SHA256, keyed from
PORTAL_SECRET as well) is enough: unlike a password there is nothing to guess from a dictionary, and even with the
database in hand nobody can test guesses without the key. Changing PORTAL_SECRET makes stored secrets unreadable:
those people then need a reset of their second factor by staff.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import re
import secrets
from datetime import datetime

import pyotp
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM

import settings

STEP_SECONDS = 30
DIGITS = 6
RECOVERY_CODES = 10
_RECOVERY_ALPHABET = 'abcdefghjkmnpqrstuvwxyz23456789'  # no 0/o, 1/l/i: read aloud and typed from paper
_RECOVERY_LENGTH = 16  # 16 characters from 31: about 79 bits
_VERSION = 'v1'


class UnreadableSecret(Exception):
    """The stored secret cannot be decrypted: PORTAL_SECRET changed since it was set up."""


def _key(purpose: bytes) -> bytes:
    return hmac.new(settings.get().secret.encode(), b'second-factor:' + purpose, hashlib.sha256).digest()


def new_secret() -> str:
    return pyotp.random_base32()  # 32 base32 characters: 160 bits, as RFC 4226 recommends


def encrypt(secret: str, owner: str) -> str:
    nonce = os.urandom(12)
    sealed = AESGCM(_key(b'secret')).encrypt(nonce, secret.encode(), owner.encode())
    return f'{_VERSION}:' + base64.urlsafe_b64encode(nonce + sealed).decode()


def decrypt(stored: str, owner: str) -> str:
    version, _sep, payload = stored.partition(':')
    try:
        raw = base64.urlsafe_b64decode(payload.encode())
        if version != _VERSION or len(raw) < 13:
            raise UnreadableSecret
        return AESGCM(_key(b'secret')).decrypt(raw[:12], raw[12:], owner.encode()).decode()
    except (InvalidTag, ValueError) as error:
        raise UnreadableSecret from error


def step_at(moment: datetime) -> int:
    return int(moment.timestamp()) // STEP_SECONDS


def matching_step(secret: str, code: str, moment: datetime) -> int | None:
    """The 30-second step whose code `code` is: the current one, or one early or late (a phone clock that is a
    little off, or a code typed as it changed), else None."""
    if not re.fullmatch(r'\d{6}', code):
        return None
    totp = pyotp.TOTP(secret)
    now = step_at(moment)
    for step in (now, now - 1, now + 1):
        if hmac.compare_digest(totp.at(step * STEP_SECONDS), code):
            return step
    return None


def code_at(secret: str, moment: datetime) -> str:
    """The code an authenticator app shows at `moment` (the tests and the page's own checks use it)."""
    return pyotp.TOTP(secret).at(int(moment.timestamp()))


def provisioning_uri(secret: str, account: str, issuer: str) -> str:
    """The otpauth:// address an authenticator app reads from the QR code."""
    return pyotp.TOTP(secret).provisioning_uri(name=account, issuer_name=issuer or 'Client portal')


def grouped(secret: str) -> str:
    """The secret in groups of four, for typing it into an app by hand."""
    return ' '.join(secret[i:i + 4] for i in range(0, len(secret), 4))


def clean_code(text: str) -> str:
    """What was typed, without spaces and dashes, in lower case."""
    return re.sub(r'[\s-]', '', text or '').lower()[:64]


def is_recovery_code(cleaned: str) -> bool:
    return len(cleaned) == _RECOVERY_LENGTH and all(c in _RECOVERY_ALPHABET for c in cleaned)


def new_recovery_codes() -> list[str]:
    codes = [''.join(secrets.choice(_RECOVERY_ALPHABET) for _index in range(_RECOVERY_LENGTH))
             for _code in range(RECOVERY_CODES)]
    return ['-'.join(code[i:i + 4] for i in range(0, _RECOVERY_LENGTH, 4)) for code in codes]


def recovery_hash(factor_id: int, code: str) -> str:
    return hmac.new(_key(b'recovery'), f'{factor_id}:{clean_code(code)}'.encode(), hashlib.sha256).hexdigest()

