"""The frame every portal estimate and invoice page shares: not found, back link, a body rebuilt in place after an
action or a live event, and the comments below it."""
from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common import live
from components.common.frame import current_actor, portal_frame
from components.documents.attachments import AttachmentPanel
from components.documents.comments import PortalCommentFeed
from components.portal.page import back_link, not_found
from domain.actors import PortalActor
from domain.documents.portal import PortalDocument
from domain.errors import NotFound

Opener = Callable[[PortalActor, int | str], Awaitable[PortalDocument]]


class DocumentPage:
    """The body of one document page; subclasses draw it in `show`, a `ui.refreshable_method`."""
    opener: Opener
    list_url: str

    def __init__(self, actor: PortalActor, document: PortalDocument, root: ui.element) -> None:
        self.actor = actor
        self.document = document
        self.root = root  # outlives each refresh: dialogs and messages belong here
        self._reloading = asyncio.Lock()  # one rebuild at a time, whether an action or a live event asks

    async def reload(self) -> None:
        async with self._reloading:
            try:
                self.document = await self.opener(self.actor, self.document.view.id)
            except NotFound:
                ui.navigate.to(self.list_url)
                return
            await self.show.refresh()  # type: ignore[attr-defined]  # each subclass draws with its own @ui.refreshable_method show


async def document_page(page_class: type[DocumentPage], document_id: str, *, missing: str, see_all: str,
                        back_label: str) -> DocumentPage | None:
    """Open the document as the signed-in person, or answer not found, exactly alike for a missing id and another's.

    `missing` is the page's title then ('Invoice not found') and `see_all` the link to the list.
    """
    actor = current_actor(PortalActor)
    try:
        document = await page_class.opener(actor, document_id)
    except NotFound:
        async with portal_frame(missing):
            not_found(page_class.list_url, see_all)
        return None
    async with portal_frame(f'{document.view.title} {document.view.number}'):
        back_link(page_class.list_url, back_label)
        with ui.column().classes('w-full gap-4') as root:
            page = page_class(actor, document, root)
            await page.show()  # type: ignore[attr-defined]  # see reload
        live.follow(live.for_portal(actor.contact_id, document.view.id), lambda _events: page.reload())
        await AttachmentPanel(actor, document.view.id).build()
        await PortalCommentFeed(actor, document.view.id).build()
    return page
