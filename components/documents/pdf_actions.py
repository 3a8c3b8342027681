"""Download PDF and Print, the same for estimates, invoices and statements, in the portal and for staff.

Download builds the PDF on the server, off the event loop, while a notification with a spinner names what is being
prepared; then the bytes go to the browser under the file's name (`ui.download.content`). Print is a real link to
the PDF with `?inline=1`, opened in a new tab where the browser's own viewer prints it: a link the person clicked
is never stopped by a popup blocker, and the tab shows its own progress while the server builds the PDF.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping
from urllib.parse import urlencode

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import run
from components.portal.page import MenuItem
from domain.actors import Actor, PortalActor
from domain.documents.access import portal_document_for, staff_document_for
from domain.documents.views import DocumentView
from domain.errors import NotFound
from domain.formats import LANGUAGES, N_, _
from domain.statements.access import portal_statement_for, staff_statement_for
from domain.statements.statement import Statement
from integrations.pdf import document_pdf, filename
from integrations.pdf.statement import statement_filename, statement_pdf

Render = Callable[[], Awaitable[tuple[str, bytes]]]
PRINT_NAME = N_('Print (opens the PDF in a new tab)')


class PdfActions:
    """What Download PDF and Print do for one PDF: `render` checks access again and builds (filename, bytes)."""

    def __init__(self, actor: Actor, what: str, print_url: str, render: Render) -> None:
        self.actor = actor
        self.what = what  # named in the spinner: 'INV-000123.pdf', 'the statement'
        self.print_url = print_url
        self.render = render
        self.inputs: Mapping[str, ValidationElement] = {}  # where bad input is shown; a toast by default
        self.busy = False

    def menu_items(self) -> list[MenuItem]:
        return [(_('Download PDF'), 'download', self.download), (_('Print'), 'print', self.print_url)]

    def buttons(self) -> tuple[ui.button, ui.button]:
        download = ui.button(_('Download PDF'), icon='download', on_click=self.download).props('outline no-caps')
        return download, print_button(self.print_url)

    async def download(self) -> None:
        if self.busy:  # a second click while the first PDF is being built
            return
        self.busy = True
        client = ui.context.client
        spinner = ui.notification(_('Preparing {file}…').format(file=self.what), type='ongoing', spinner=True, timeout=None)
        try:
            outcome = await run(self._rendered(), inputs=self.inputs)
        finally:
            self.busy = False
            if not client.is_deleted:
                spinner.dismiss()
        if outcome.value is not None and not client.is_deleted:
            name, pdf = outcome.value
            ui.download.content(pdf, name, 'application/pdf')

    async def _rendered(self) -> tuple[str, bytes]:
        try:
            return await self.render()
        except NotFound:
            raise NotFound(_('This PDF is no longer available. Please reload the page.')) from None


def print_button(url: str) -> ui.button:
    """An outlined Print button that is a link opening `url` in a new tab."""
    button = ui.button(_('Print'), icon='print').props('outline no-caps target=_blank')
    button.props['href'] = url
    button.props['aria-label'] = _(PRINT_NAME)
    return button


def document_actions(actor: Actor, view: DocumentView) -> PdfActions:
    """For an estimate or invoice page; the PDF is built from the document as it is when the person clicks."""
    portal = isinstance(actor, PortalActor)
    load = portal_document_for if portal else staff_document_for

    async def render() -> tuple[str, bytes]:
        current = await load(actor, view.id)
        return filename(current), await document_pdf(current)

    side = 'portal' if portal else 'staff'
    return PdfActions(actor, filename(view), f'/{side}/documents/{view.id}.pdf?inline=1', render)


def einvoice_downloads(actor: Actor, view: DocumentView) -> list[tuple[str, str]]:
    """(text, address) of Download XRechnung (CII) and Peppol BIS 3.0 (UBL) XML, for invoices, retainer invoices
    and credit notes: the routes check who may have the document, like the PDF's (pages/einvoice_routes.py)."""
    if not view.einvoice:
        return []
    side = 'portal' if isinstance(actor, PortalActor) else 'staff'
    return [(_('Download XRechnung (XML)'), f'/{side}/documents/{view.id}/xrechnung.xml'),
            (_('Download Peppol UBL (XML)'), f'/{side}/documents/{view.id}/peppol.xml')]


def download_items(downloads: list[tuple[str, str]]) -> list[MenuItem]:
    """The downloads as entries of the portal's More menu."""
    def item(text: str, url: str) -> MenuItem:
        return text, 'code', lambda: ui.download.from_url(url)
    return [item(text, url) for text, url in downloads]


def other_language_menu(document_id: int) -> None:
    """For staff: the document's PDF in a language other than its contact's (which Download PDF uses)."""
    button = ui.button(icon='translate').props('flat round').mark('pdf-language')
    button.props['aria-label'] = _('PDF in another language')
    with button, ui.menu().props('auto-close'):
        for code, name in LANGUAGES.items():
            ui.menu_item(_('PDF in {language}').format(language=name),
                         on_click=lambda code=code: ui.download.from_url(
                             f'/staff/documents/{document_id}.pdf?{urlencode({"lang": code})}')) \
                .mark(f'pdf-language-{code}')


def statement_url(actor: Actor, contact_id: int, query: dict[str, str], *, inline: bool) -> str:
    path = '/portal/statement.pdf' if isinstance(actor, PortalActor) else f'/staff/contacts/{contact_id}/statement.pdf'
    return f'{path}?{urlencode({**query, **({"inline": "1"} if inline else {})})}'


async def actor_statement(actor: Actor, contact_id: int, query: dict[str, str]) -> Statement:
    """The statement for a period given as text, through the checks of the person's side."""
    if isinstance(actor, PortalActor):
        return await portal_statement_for(actor, query.get('period', ''), query.get('start', ''),
                                          query.get('end', ''))
    return await staff_statement_for(actor, contact_id, query.get('period', ''), query.get('start', ''),
                                     query.get('end', ''))


def statement_actions(actor: Actor, statement: Statement) -> PdfActions:
    """For a statement on screen: the PDF covers exactly its first and last day."""
    query = {'period': 'custom', 'start': statement.start.isoformat(), 'end': statement.end.isoformat()}

    async def render() -> tuple[str, bytes]:
        current = await actor_statement(actor, statement.contact_id, query)
        return statement_filename(current), await statement_pdf(current)

    return PdfActions(actor, statement_filename(statement), statement_url(actor, statement.contact_id, query,
                                                                        inline=True), render)
