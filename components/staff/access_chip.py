"""The portal access of a contact person as a small label: Not invited, Invited, Active, Disabled."""
from nicegui import ui

from domain.models import label

_STYLES = {
    'not_invited': 'bg-grey-3 text-grey-10',
    'invited': 'bg-amber-1 text-brown-10',
    'active': 'bg-green-1 text-green-10',
    'disabled': 'bg-red-1 text-red-10',
}


def portal_access_chip(access: str) -> ui.label:
    return ui.label(label(access)).classes(
        f'inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide {_STYLES.get(access, "")}')
