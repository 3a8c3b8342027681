"""PDFs of documents for downloads, printing and email attachments, built off the event loop.

Rendering is plain CPU work (`render_document_pdf`, in document.py). It runs in NiceGUI's worker process
pool (`run.cpu_bound`), so even a document of thousands of lines never holds up other people's pages. The read
models it takes are plain picklable data. Outside a running app (scripts, service tests) there is no process pool,
and a thread does the work instead.

A PDF is in a language and shows times in a zone: the reader's (the request's) unless the caller or the read model
(a staff view: the contact's primary person's) names another language. The worker knows no reader of its own, so both travel with the data and the render runs inside
`formats.reading` there.
"""
from __future__ import annotations

import dataclasses
import gc
import logging
import multiprocessing
import os
from collections.abc import Iterator
from contextlib import contextmanager
from decimal import Decimal
from functools import partial

from domain import formats
from domain.business import profile
from domain.documents.access import document_by_id
from domain.documents.views import BusinessView, DocumentView, LineView, load_business
from domain.einvoices import assemble
from domain.einvoices.checking import einvoicing_on
from domain.einvoices.model import KINDS, EInvoice
from domain.errors import NotFound
from integrations.off_loop import off_loop
from integrations.pdf.document import filename, render_document_pdf

__all__ = ['document_pdf', 'filename', 'off_loop', 'render_attachment', 'render_document_pdf']

log = logging.getLogger(__name__)


def reader_for(language: str | None = None) -> tuple[str, str]:
    """(language, zone) for a PDF: `language` when given, else the reader's; the reader's zone."""
    current = formats.reader()
    return formats.language_code(language) if language else current.language, current.zone


async def document_pdf(view: DocumentView, business: BusinessView | None = None, *,
                       language: str | None = None) -> bytes:
    """The PDF of a document whose access the caller has already checked, in `language`, else the view's
    `pdf_language`, else the reader's."""
    return await off_loop(partial(render_packed, einvoice=await einvoice_of(view)), *pack(view),
                          business or await load_business(), *reader_for(language or view.pdf_language))


async def einvoice_of(view: DocumentView) -> EInvoice | None:
    """What goes inside an invoice's PDF as Factur-X, once e-invoicing is set up (None for an estimate)."""
    if view.kind not in KINDS or not await einvoicing_on():
        return None
    return await assemble.load(view.id)


_niced = False


def _yield_to_the_app() -> None:
    """Lower this worker's CPU priority once, so on a busy machine the app's event loop is served first."""
    global _niced  # noqa: PLW0603
    if not _niced:
        _niced = True
        os.nice(5)


PackedLine = tuple[str, str, str, int, str, int, int]


def pack(view: DocumentView) -> tuple[DocumentView, list[PackedLine]]:
    """The view with its lines as plain tuples: they pickle about six times faster than dataclasses of Decimals,
    and pickling happens in the app's process, where it holds up the event loop (44 ms for 8,000 lines)."""
    lines = [(line.name, line.description, str(line.quantity), line.rate, str(line.tax_percent), line.amount,
              line.tax_amount) for line in view.lines]
    return dataclasses.replace(view, lines=[]), lines


def render_packed(view: DocumentView, lines: list[PackedLine], business: BusinessView, language: str = 'en',
                  zone: str = 'UTC', *, einvoice: EInvoice | None = None) -> bytes:
    """`render_document_pdf` for a packed view, in a worker process (or a thread outside a running app); with
    `einvoice`, a Factur-X PDF/A-3 with its CII XML inside."""
    view = dataclasses.replace(view, lines=[
        LineView(name, description, Decimal(quantity), rate, Decimal(tax_percent), amount, tax_amount)
        for name, description, quantity, rate, tax_percent, amount, tax_amount in lines])
    with rendering(), formats.reading(language, zone):
        if einvoice is None:
            return render_document_pdf(view, business)
        from integrations.einvoice.cii import cii_xml
        from integrations.einvoice.embed import facturx_pdf
        pdf = render_document_pdf(view, business, embed_fonts=True)
        try:
            return facturx_pdf(pdf, cii_xml(einvoice), title=f'{view.title} {view.number}', author=business.name,
                               subject=view.title, language=language)
        except Exception:  # the person still gets the PDF they asked for; sending checks the e-invoice itself
            log.exception('The e-invoice of %s could not be put into its PDF', view.number)
            return pdf


@contextmanager
def rendering() -> Iterator[None]:
    """Around a render in a worker process: lower its priority, and collect its garbage after the render."""
    in_worker = multiprocessing.current_process().name != 'MainProcess'
    if in_worker:
        _yield_to_the_app()
        gc.disable()  # the worker does nothing else meanwhile
    try:
        yield
    finally:
        if in_worker:
            gc.enable()


async def render_attachment(spec: dict) -> tuple[str, bytes] | None:
    """An email attachment from its outbox spec: `{'document_id': 12, 'language': 'de'}` gives ('INV-000012.pdf',
    pdf bytes) in the recipient's language (English without one), and `{'attachment_id': 7}` a file attached to the
    document (integrations/file_storage.py).

    `{'statement_of': 5, 'start': '2026-03-01', 'end': '2026-03-31', 'language': 'de'}` gives a contact's statement
    of accounts of that period (domain/statements/emailed.py).

    The use case that queued the email has checked who may receive the document. A spec of another kind, or a
    document or contact deleted since, gives None.
    """
    if isinstance(spec, dict) and 'attachment_id' in spec:
        from integrations.file_storage import render_stored
        return await render_stored(spec['attachment_id'])
    if isinstance(spec, dict) and 'einvoice_of' in spec:
        from integrations.einvoice.files import render_einvoice_attachment
        return await render_einvoice_attachment(spec)
    if isinstance(spec, dict) and 'statement_of' in spec:
        from integrations.pdf.statement import render_statement_attachment
        return await render_statement_attachment(spec)
    document_id = spec.get('document_id') if isinstance(spec, dict) else None
    if not isinstance(document_id, int) or isinstance(document_id, bool):
        return None
    try:
        view = await document_by_id(document_id)
    except NotFound:
        return None
    language = spec.get('language')
    with formats.reading(language if isinstance(language, str) else formats.DEFAULT_LANGUAGE,
                         await profile.timezone()):
        return filename(view), await document_pdf(view)
