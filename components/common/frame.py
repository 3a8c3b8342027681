"""The header and navigation around every signed-in page, on both sides of the portal (`frame`), and the portal's
frame; the staff's is components/staff/frame.py, with its bell."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TypeVar

from nicegui import ui

from components.common.account_menu import AccountMenu
from components.common.heading import Heading
from components.common.nav_links import NavLinks
from domain import sessions
from domain.actors import PortalActor, StaffActor
from domain.business import profile as business
from domain.business.brand import readable_brand
from domain.formats import N_, _

A = TypeVar('A', PortalActor, StaffActor)

PORTAL_NAV = [
    (N_('Dashboard'), 'dashboard', '/portal'),
    (N_('Estimates'), 'request_quote', '/portal/estimates'),
    (N_('Invoices'), 'receipt_long', '/portal/invoices'),
    (N_('Recurring invoices'), 'event_repeat', '/portal/recurring'),
    (N_('Credit notes'), 'price_check', '/portal/credit-notes'),
    (N_('Payments Made'), 'payments', '/portal/payments'),
    (N_('Statement'), 'account_balance', '/portal/statement'),
]
PORTAL_PROFILE = [
    (N_('My Account'), '/portal/account'),
    (N_('My Company Details'), '/portal/company'),
    (N_('Change Password'), '/portal/password'),
]



def current_actor(kind: type[A]) -> A:
    """The actor the middleware resolved for this page load."""
    actor = getattr(ui.context.client.request.state, 'actor', None)
    if not isinstance(actor, kind):
        raise PermissionError('page loaded without the right session')
    return actor


@dataclass(frozen=True)
class Side:
    """What differs between the two sides' frames."""
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
    side = Side(brand.portal_name, brand.brand_color, '/portal', PORTAL_NAV, PORTAL_PROFILE, '/portal/login')
    with frame(title, side, actor):
        yield actor


@contextmanager
def frame(title: str, side: Side, actor: PortalActor | StaffActor,
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
