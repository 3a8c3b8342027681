"""Running a use case from a page, the one way for both sides (`run`), and the form helpers it uses: a domain error
shown next to its field, old messages cleared, a line for form-level messages."""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain import sessions
from domain.errors import DomainError, Invalid, SessionEnded
from domain.models import SessionKind
from integrations.web import LOGIN, area

T = TypeVar('T')
E = TypeVar('E', bound=ui.element)


@dataclass(frozen=True)
class Outcome(Generic[T]):
    """What `run` gives back: the use case's value, or the error it was refused with (already shown)."""
    value: T | None = None
    error: DomainError | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


async def run(action: Awaitable[T], *, inputs: Mapping[str, ValidationElement] | None = None,
              message: ui.label | None = None, success: str = '',
              invalid: Callable[[Invalid], None] | None = None) -> Outcome[T]:
    """Await the use case `action` for the person on this page and say how it went.

    Bad input goes next to its field in `inputs` and the rest of it into `message` (or a toast); a form whose parts
    are not all input fields passes `invalid` to show it itself. Any other refusal goes into `message` or a toast, and
    an ended session takes the person to the sign-in page of the side they are on. `success` is a toast when it worked.

    In a live update (someone else's change) an ended session is raised instead: the follower keeps the page as it
    is and says so (see `live`), so nothing the person was typing is lost.
    """
    fields = dict(inputs or {})
    clear_errors(fields, *([message] if message is not None else []))
    try:
        value = await action
    except SessionEnded as error:
        if sessions.is_passive():
            raise
        ui.notify(error.message, type='warning')
        ui.navigate.to(sign_in_page())
        return Outcome(error=error)
    except Invalid as error:
        if invalid is not None:
            invalid(error)
        else:
            show_errors(error, fields, message)
        return Outcome(error=error)
    except DomainError as error:
        if message is not None:
            message.set_text(error.message)
        else:
            ui.notify(error.message, type='negative', multi_line=True)
        return Outcome(error=error)
    if success:
        ui.notify(success, type='positive')
    return Outcome(value)


def sign_in_page() -> str:
    """The sign-in page of the side (portal or staff) the current page belongs to."""
    return LOGIN[area(ui.context.client.request.url.path) or SessionKind.PORTAL]


def show_errors(error: Invalid, inputs: Mapping[str, ValidationElement], fallback: ui.label | None = None) -> None:
    """Put each message of `error` under its input; messages without an input go to `fallback` or a toast."""
    leftover = []
    for name, message in error.fields.items():
        if name in inputs:
            inputs[name].error = message
        else:
            leftover.append(message)
    if not error.fields:
        leftover.append(error.message)
    if leftover:
        if fallback is not None:
            fallback.set_text(' '.join(leftover))
        else:
            ui.notify(' '.join(leftover), type='negative')


def clear_errors(inputs: Mapping[str, ValidationElement], *labels: ui.label) -> None:
    for element in inputs.values():
        element.error = None
    for label in labels:
        label.set_text('')


def alert() -> ui.label:
    """A line for form-level messages that screen readers announce."""
    return ui.label().classes('text-negative text-sm empty:hidden').props('role=alert aria-live=assertive')


def named(element: E, name: str) -> E:
    """Give a control an accessible name that may contain any text (set directly, not parsed as props)."""
    element.props['aria-label'] = name
    return element
