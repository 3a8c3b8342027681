"""Running a staff use case from a page: its errors become messages where the person is looking."""
from __future__ import annotations

from collections.abc import Awaitable, Mapping
from dataclasses import dataclass
from typing import Generic, TypeVar

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import clear_errors, show_errors
from domain.errors import DomainError, Invalid, SessionEnded

T = TypeVar('T')


@dataclass(frozen=True)
class Outcome(Generic[T]):
    ok: bool
    value: T | None = None


async def perform(action: Awaitable[T], *, inputs: Mapping[str, ValidationElement] | None = None,
                  message: ui.label | None = None, success: str = '') -> Outcome[T]:
    """Await `action`. Bad input goes next to its field (or into `message`), other refusals into `message` or a
    toast, and an ended session back to the sign-in page. `success` is shown as a toast when it worked."""
    fields = dict(inputs or {})
    clear_errors(fields, *([message] if message is not None else []))
    try:
        value = await action
    except SessionEnded as error:
        ui.notify(error.message, type='warning')
        ui.navigate.to('/staff/login')
        return Outcome(False)
    except Invalid as error:
        show_errors(error, fields, message)
        return Outcome(False)
    except DomainError as error:
        if message is not None:
            message.set_text(error.message)
        else:
            ui.notify(error.message, type='negative', multi_line=True)
        return Outcome(False)
    if success:
        ui.notify(success, type='positive')
    return Outcome(True, value)


E = TypeVar('E', bound=ui.element)


def named(element: E, name: str) -> E:
    """Give a control an accessible name that may contain any text (set directly, not parsed as props)."""
    element.props['aria-label'] = name
    return element
