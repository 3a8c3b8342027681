from nicegui import ui

from domain.models import label

# light background with dark text: every pair passes WCAG AA
_STYLES = {
    'draft': 'bg-grey-3 text-grey-10',
    'sent': 'bg-blue-1 text-blue-10',
    'accepted': 'bg-green-1 text-green-10',
    'declined': 'bg-red-1 text-red-10',
    'expired': 'bg-orange-1 text-deep-orange-10',
    'invoiced': 'bg-purple-1 text-purple-10',
    'partially_paid': 'bg-amber-1 text-brown-10',
    'paid': 'bg-green-1 text-green-10',
    'void': 'bg-grey-3 text-grey-10',
    'overdue': 'bg-red-1 text-red-10',
    'processing': 'bg-blue-1 text-blue-10',
}


def chip_colours(status: str) -> str:
    """The background and text colour classes of a status, for chips drawn in the browser."""
    return _STYLES.get(status, 'bg-grey-3 text-grey-10')


def status_chip(status: str) -> ui.label:
    return ui.label(label(status)).classes(
        f'inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide {_STYLES.get(status, "")}')


def partly_paid_and_overdue(status: str, total: int, balance: int) -> bool:
    """Whether an invoice shown as overdue has also been partly paid, so its row shows both states."""
    return status == 'overdue' and 0 < balance < total
