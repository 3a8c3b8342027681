"""Small helpers for forms: show a domain error next to its field, and clear old messages."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.errors import Invalid


def show_errors(error: Invalid, inputs: dict[str, ValidationElement], fallback: ui.label | None = None) -> None:
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


def clear_errors(inputs: dict[str, ValidationElement], *labels: ui.label) -> None:
    for element in inputs.values():
        element.error = None
    for label in labels:
        label.set_text('')


def alert() -> ui.label:
    """A line for form-level messages that screen readers announce."""
    return ui.label().classes('text-negative text-sm empty:hidden').props('role=alert aria-live=assertive')
