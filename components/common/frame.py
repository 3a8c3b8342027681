"""The header and navigation around every signed-in page, on both sides of the portal."""
from __future__ import annotations

from collections.abc import AsyncIterator, Callable, Iterator
from contextlib import asynccontextmanager, contextmanager
from dataclasses import dataclass
from typing import TypeVar

from nicegui import ui

from components.common.heading import Heading
from components.common.theme import readable_brand
from components.staff.bell import ActivityBell
from domain import sessions
from domain.actors import PortalActor, StaffActor
from domain.business import profile as business

A = TypeVar('A', PortalActor, StaffActor)

PORTAL_NAV = [
    ('Dashboard', 'dashboard', '/portal'),
    ('Estimates', 'request_quote', '/portal/estimates'),
    ('Invoices', 'receipt_long', '/portal/invoices'),
    ('Payments Made', 'payments', '/portal/payments'),
    ('Statement', 'account_balance', '/portal/statement'),
]
PORTAL_PROFILE = [
    ('My Account', '/portal/account'),
    ('My Company Details', '/portal/company'),
    ('Change Password', '/portal/password'),
]
STAFF_NAV = [
    ('Dashboard', 'dashboard', '/staff'),
    ('Contacts', 'people', '/staff/contacts'),
    ('Estimates', 'request_quote', '/staff/estimates'),
    ('Invoices', 'receipt_long', '/staff/invoices'),
    ('Payments', 'payments', '/staff/payments'),
    ('Sent mail', 'outgoing_mail', '/staff/mail'),
    ('Portal settings', 'settings', '/staff/settings'),
]
STAFF_OWNER_NAV = [('Staff users', 'manage_accounts', '/staff/users')]
STAFF_PROFILE = [('Change Password', '/staff/password'), ('Two-step sign-in', '/staff/two-step-sign-in')]


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
    side = _Side(f'{brand.business_name} · Staff', '#334155', '/staff', nav, STAFF_PROFILE, '/staff/login')
    bell = await ActivityBell.load(actor)
    with _frame(title, side, actor, header_extra=bell.show):
        yield actor


@contextmanager
def _frame(title: str, side: _Side, actor: PortalActor | StaffActor,
           header_extra: Callable[[], None] | None = None) -> Iterator[None]:
    ui.page_title(f'{title} · {side.name}')
    ui.colors(primary=readable_brand(side.color))
    ui.query('body').classes('bg-grey-1')
    path = ui.context.client.request.url.path

    with ui.left_drawer(bordered=True).props('width=220 breakpoint=1024').classes('bg-white p-2') as drawer:
        with ui.element('nav').props('aria-label="Main"').classes('column w-full gap-1'):
            for text, icon, target in side.nav:
                active = path == target or (target != side.home and path.startswith(f'{target}/'))
                with ui.link(target=target).props('aria-current=page' if active else '') \
                        .classes('row no-wrap items-center gap-3 px-3 py-2 rounded no-underline '
                                 + ('bg-blue-grey-1 text-primary font-medium' if active else 'text-grey-10 hover:bg-grey-2')):
                    ui.icon(icon).props('aria-hidden=true')
                    ui.label(text)

    with ui.header().classes('items-center gap-1 px-2 py-1 bg-primary text-white'):
        ui.button(icon='menu', on_click=drawer.toggle) \
            .props('flat round color=white aria-label="Open navigation"').classes('lg:hidden')
        ui.link(side.name, side.home).classes('text-lg font-semibold text-white no-underline truncate')
        ui.space()
        if header_extra is not None:
            header_extra()
        with ui.button(icon='account_circle').props('flat round color=white aria-label="Account menu"'):
            with ui.menu().props('auto-close'):
                with ui.item().props('dense'):
                    with ui.item_section():
                        ui.item_label(actor.name).classes('font-medium')
                        ui.item_label(actor.email).props('caption').classes('text-grey-8')
                ui.separator()
                for text, target in side.profile:
                    ui.menu_item(text, on_click=lambda t=target: ui.navigate.to(t))
                ui.separator()
                ui.menu_item('Sign out', on_click=lambda: _sign_out(actor, side.login))

    main = ui.column().classes('w-full max-w-5xl mx-auto gap-4 p-3 sm:p-6')
    ui.skip_link('Skip to content', target=main)
    with main:
        Heading(title)
        yield


async def _sign_out(actor: PortalActor | StaffActor, login: str) -> None:
    await sessions.sign_out(actor)
    ui.navigate.to(login)
