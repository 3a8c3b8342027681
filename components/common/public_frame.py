"""The frame of the pages people open before they are signed in: invitation, forgotten and reset password."""
from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from nicegui import ui

from components.common.heading import Heading
from domain.business import profile as business
from domain.business.brand import readable_brand
from domain.business.profile import Branding


@asynccontextmanager
async def public_frame(title: str) -> AsyncIterator[Branding]:
    """A header with the portal's name and a centred card; yields the branding for the page to use."""
    brand = await business.branding()
    ui.page_title(f'{title} · {brand.portal_name}')
    ui.colors(primary=readable_brand(brand.brand_color))
    with ui.header().classes('bg-primary text-white px-4 py-3'):
        ui.link(brand.portal_name, '/portal/login').classes('text-lg font-semibold text-white no-underline')
    with ui.element('main').classes('w-full'):
        with ui.card().classes('w-full max-w-md mx-auto mt-6 sm:mt-16 p-6 gap-4'):
            Heading(title)
            yield brand
