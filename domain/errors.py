"""Domain errors. Pages turn them into messages; the message is written for the person who caused it."""
from __future__ import annotations

from domain.formats import _


class DomainError(Exception):
    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class NotFound(DomainError):
    """Raised for a missing id and for an id that belongs to someone else, so the two look the same."""

    def __init__(self, message: str = '') -> None:
        super().__init__(message or _('Not found.'))


class NotAllowed(DomainError):
    pass


class SessionEnded(NotAllowed):
    def __init__(self) -> None:
        super().__init__(_('Your session has ended. Please sign in again.'))


class Conflict(DomainError):
    """The action does not fit the current state (an illegal status change, a payment already in flight)."""


class Invalid(DomainError):
    """Bad input. `fields` maps a field name to the message shown next to that field."""

    def __init__(self, fields: dict[str, str] | None = None, message: str = '') -> None:
        self.fields = fields or {}
        super().__init__(message or ' '.join(self.fields.values()) or _('Please check the form.'))

    @classmethod
    def field(cls, name: str, message: str) -> Invalid:
        return cls({name: message})


class RateLimited(DomainError):
    pass


class SecondStepRequired(DomainError):
    """The password (or link) was right, but the session starts only after the second step in the same browser:
    `step` is 'code' (enter a code from the authenticator app) or 'setup' (the business requires setting one up)."""

    def __init__(self, step: str) -> None:
        super().__init__(_('Enter the code from your authenticator app to finish signing in.') if step == 'code'
                         else _('Set up two-step sign-in to finish signing in.'))
        self.step = step
