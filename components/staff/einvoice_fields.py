"""Inputs shared by the forms that hold e-invoice data (the business profile, a contact): a country select and a
plain input, each marked with its field's name so a refused e-invoice's message lands under it."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.formats import _, countries


def country_select(inputs: dict[str, ValidationElement], value: str, label: str) -> ui.select:
    options = {'': _('Not set'), **countries()}
    element = ui.select(options, value=value if value in options else '', label=label, with_input=True) \
        .props('outlined').classes('w-full').mark('country')
    inputs['country'] = element
    return element


def field_input(inputs: dict[str, ValidationElement], name: str, label: str, value: str, limit: int, *,
                hint: str = '') -> ui.input:
    element = ui.input(label, value=value).props('outlined').classes('w-full')
    element.props['maxlength'] = limit
    if hint:
        element.props['hint'] = hint
    inputs[name] = element.mark(name)
    return element


def show_problems(inputs: dict[str, ValidationElement], problems: dict[str, str]) -> list[str]:
    """Put what a refused e-invoice needs under the fields of this form (`problems`: field name to message); the
    messages of fields this form does not have are returned, for its message line."""
    leftover = []
    for name, message in problems.items():
        if name in inputs:
            inputs[name].error = message
        else:
            leftover.append(message)
    return leftover
