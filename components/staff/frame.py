"""The staff side's frame: its navigation, the bell with unread client activity in the header, and the language
each staff user picks for their own pages."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import ui

from components.common.forms import alert, run
from components.common.frame import Side, current_actor, frame
from components.common.heading import Heading
from components.staff.bell import ActivityBell
from domain.access import staff_users
from domain.actors import StaffActor
from domain.business import profile as business
from domain.formats import LANGUAGES, N_, _

STAFF_NAV = [
    (N_('Dashboard'), 'dashboard', '/staff'),
    (N_('Contacts'), 'people', '/staff/contacts'),
    (N_('Estimates'), 'request_quote', '/staff/estimates'),
    (N_('Invoices'), 'receipt_long', '/staff/invoices'),
    (N_('Recurring invoices'), 'event_repeat', '/staff/recurring'),
    (N_('Payments'), 'payments', '/staff/payments'),
    (N_('Sent mail'), 'outgoing_mail', '/staff/mail'),
    (N_('Portal settings'), 'settings', '/staff/settings'),
]
STAFF_JOBS_NAV = [(N_('Scheduled jobs'), 'schedule', '/staff/jobs')]  # the owner, and staff the owner allows
STAFF_OWNER_NAV = [(N_('Staff users'), 'manage_accounts', '/staff/users'), (N_('Audit trail'), 'history', '/staff/audit')]
STAFF_PROFILE = [(N_('Change Password'), '/staff/password'), (N_('Two-step sign-in'), '/staff/two-step-sign-in')]


@asynccontextmanager
async def staff_frame(title: str) -> AsyncIterator[StaffActor]:
    actor = current_actor(StaffActor)
    brand = await business.branding()
    nav = STAFF_NAV + (STAFF_JOBS_NAV if actor.is_owner or actor.may_run_jobs else []) \
        + (STAFF_OWNER_NAV if actor.is_owner else [])
    side = Side(_('{business} · Staff').format(business=brand.business_name), '#334155', '/staff', nav,
                 STAFF_PROFILE, '/staff/login', choose_language=lambda: choose_language(actor))
    bell = await ActivityBell.load(actor)
    with frame(title, side, actor, header_extra=bell.show):
        yield actor


async def choose_language(actor: StaffActor) -> None:
    """A staff user picks the language of their own pages; the page reloads in it."""
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-sm gap-3'):
        dialog.props['aria-label'] = _('Language')
        Heading(_('Language'), level=2)
        message = alert()
        select = ui.select(dict(LANGUAGES), value=actor.language if actor.language in LANGUAGES else 'en',
                           label=_('Language of your pages')).props('outlined autofocus').classes('w-full') \
            .mark('own-language')

        async def save() -> None:
            outcome = await run(staff_users.set_own_language(actor, select.value or ''),
                                    inputs={'language': select}, message=message)
            if outcome.ok:
                dialog.submit(True)

        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
            ui.button(_('Save'), on_click=save).props('unelevated no-caps').mark('save-language')
    changed = await dialog
    dialog.delete()
    if changed:
        ui.navigate.reload()
