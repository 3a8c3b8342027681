"""The header and navigation around every signed-in page, on both sides of the portal."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TypeVar

from nicegui import ui

from components.common.account_menu import AccountMenu
from components.common.forms import alert, run
from components.common.heading import Heading
from components.common.nav_links import NavLinks
from components.staff.bell import ActivityBell
from domain import sessions
from domain.access import staff_users
from domain.actors import PortalActor, StaffActor
from domain.business import profile as business
from domain.business.brand import readable_brand
from domain.formats import LANGUAGES, N_, _

A = TypeVar('A', PortalActor, StaffActor)

PORTAL_NAV = [
    (N_('Dashboard'), 'dashboard', '/portal'),
    (N_('Estimates'), 'request_quote', '/portal/estimates'),
    (N_('Invoices'), 'receipt_long', '/portal/invoices'),
    (N_('Payments Made'), 'payments', '/portal/payments'),
    (N_('Statement'), 'account_balance', '/portal/statement'),
]
PORTAL_PROFILE = [
    (N_('My Account'), '/portal/account'),
    (N_('My Company Details'), '/portal/company'),
    (N_('Change Password'), '/portal/password'),
]
STAFF_NAV = [
    (N_('Dashboard'), 'dashboard', '/staff'),
    (N_('Contacts'), 'people', '/staff/contacts'),
    (N_('Estimates'), 'request_quote', '/staff/estimates'),
    (N_('Invoices'), 'receipt_long', '/staff/invoices'),
    (N_('Payments'), 'payments', '/staff/payments'),
    (N_('Sent mail'), 'outgoing_mail', '/staff/mail'),
    (N_('Portal settings'), 'settings', '/staff/settings'),
]
STAFF_OWNER_NAV = [(N_('Staff users'), 'manage_accounts', '/staff/users')]
STAFF_PROFILE = [(N_('Change Password'), '/staff/password'), (N_('Two-step sign-in'), '/staff/two-step-sign-in')]


def current_actor(kind: type[A]) -> A:
    """The actor the middleware resolved for this page load."""
    actor = getattr(ui.context.client.request.state, 'actor', None)
    if not isinstance(actor, kind):
        raise PermissionError('page loaded without the right session')
    return actor


@dataclass(frozen=True)
class _Side:
    name: str
    color: str
    home: str
    nav: list[tuple[str, str, str]]
    profile: list[tuple[str, str]]
    login: str
    choose_language: Callable[[], object] | None = None


class FrameBars(ui.element, component='frame_bars.js'):
    """The skip link, the header and the navigation drawer of a signed-in page, as one element put first in the
    page layout (see `frame_bars.js`); `with bars:` fills the drawer, `with bars.header:` the header's right side.

    Built from NiceGUI's header, drawer, button, link, space, colours and skip link, they were some 5 M of the
    35 M instructions of a portal page (callgrind under bench/load.py's page loads).
    """

    def __init__(self, *, name: str, home: str, brand: str, skip: str, menu: str) -> None:
        layout = ui.context.client.layout
        with layout:
            super().__init__()
        self.move(target_index=0)
        layout.props['view'] = 'hHh Lpr fff'  # as NiceGUI's fixed header and fixed left drawer set it
        self._props.update(name=name, home=home, brand=brand, skip=skip, menu=menu)
        self.header = self.add_slot('header')

    def lead_to(self, target: ui.element) -> None:
        """Where "Skip to content" goes."""
        self._props['target'] = target.html_id

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """The texts the bars show, so that tests with the simulated user can read them."""
        return [self._props['skip'], self._props['name']]


@asynccontextmanager
async def portal_frame(title: str) -> AsyncIterator[PortalActor]:
    actor = current_actor(PortalActor)
    brand = await business.branding()
    side = _Side(brand.portal_name, brand.brand_color, '/portal', PORTAL_NAV, PORTAL_PROFILE, '/portal/login')
    with _frame(title, side, actor):
        yield actor


@asynccontextmanager
async def staff_frame(title: str) -> AsyncIterator[StaffActor]:
    actor = current_actor(StaffActor)
    brand = await business.branding()
    nav = STAFF_NAV + (STAFF_OWNER_NAV if actor.is_owner else [])
    side = _Side(_('{business} · Staff').format(business=brand.business_name), '#334155', '/staff', nav,
                 STAFF_PROFILE, '/staff/login', choose_language=lambda: choose_language(actor))
    bell = await ActivityBell.load(actor)
    with _frame(title, side, actor, header_extra=bell.show):
        yield actor


@contextmanager
def _frame(title: str, side: _Side, actor: PortalActor | StaffActor,
           header_extra: Callable[[], None] | None = None) -> Iterator[None]:
    ui.page_title(f'{title} · {side.name}')
    path = ui.context.client.request.url.path
    bars = FrameBars(name=side.name, home=side.home, brand=readable_brand(side.color), skip=_('Skip to content'),
                     menu=_('Open navigation'))
    with bars:
        NavLinks([(_(text), icon, target, path == target or (target != side.home and path.startswith(f'{target}/')))
                  for text, icon, target in side.nav], label=_('Main'))
    with bars.header:
        if header_extra is not None:
            header_extra()
        actions = [(_('Language'), side.choose_language)] if side.choose_language is not None else []
        AccountMenu(label=_('Account menu'), name=actor.name, email=actor.email,
                    links=[(_(text), target) for text, target in side.profile],
                    actions=[*actions, (_('Sign out'), lambda: _sign_out(actor, side.login))])

    with ui.column().classes('w-full max-w-5xl mx-auto gap-4 p-3 sm:p-6') as main:
        bars.lead_to(main)
        Heading(title)
        yield


async def _sign_out(actor: PortalActor | StaffActor, login: str) -> None:
    await sessions.sign_out(actor)
    ui.navigate.to(login)


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
