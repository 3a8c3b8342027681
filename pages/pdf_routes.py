"""Document and statement PDFs over HTTP for both sides: download (`attachment`) or open in a tab to print
(`?inline=1`).

A PDF is in the reader's language: a portal person's own, or for staff the contact's primary person's unless
`?lang=de` (one of `formats.LANGUAGES`) chooses another.

The middleware has already answered 404 to anyone without a session for the side of the path; the domain checks
below decide which documents and statements the signed-in person may have, and answer NotFound for everything else.
An id that cannot be a record is the same 404 as a missing one; an unknown period name is the default period; custom
days that do not make a period (a day that is not a date, the last day before the first) are a 400 with the reason
as plain text.
"""
from __future__ import annotations

import re

from fastapi import APIRouter, Request
from fastapi.responses import PlainTextResponse, Response

from domain import formats
from domain.documents.access import portal_document_for, staff_document_for
from domain.documents.views import DocumentView
from domain.errors import Invalid, NotAllowed, NotFound
from domain.form_input import choice, require_id
from domain.formats import _
from domain.statements.access import portal_statement_for, staff_statement_for
from integrations.pdf import document_pdf, filename
from integrations.pdf.statement import statement_filename, statement_pdf
from integrations.web import request_actor

router = APIRouter()


@router.get('/portal/documents/{document_id}.pdf', include_in_schema=False)
async def portal_document_pdf(request: Request, document_id: str, inline: str = '') -> Response:
    try:
        view = await portal_document_for(request_actor(request), require_id(document_id))
    except (NotFound, NotAllowed):
        return not_found()
    return await pdf_response(view, inline=wants_inline(inline))


@router.get('/staff/documents/{document_id}.pdf', include_in_schema=False)
async def staff_document_pdf(request: Request, document_id: str, inline: str = '', lang: str = '') -> Response:
    try:
        view = await staff_document_for(request_actor(request), require_id(document_id))
    except (NotFound, NotAllowed):
        return not_found()
    return await pdf_response(view, inline=wants_inline(inline), language=chosen_language(lang))


@router.get('/portal/statement.pdf', include_in_schema=False)
async def portal_statement_pdf(request: Request, *, period: str = '', start: str = '', end: str = '',
                               inline: str = '') -> Response:
    try:
        statement = await portal_statement_for(request_actor(request), period, start, end)
    except Invalid as error:
        return PlainTextResponse(error.message, status_code=400)
    except (NotFound, NotAllowed):
        return not_found()
    return pdf_bytes(await statement_pdf(statement), statement_filename(statement),
                     inline=wants_inline(inline))


@router.get('/staff/contacts/{contact_id}/statement.pdf', include_in_schema=False)
async def staff_statement_pdf(request: Request, contact_id: str, *, period: str = '', start: str = '',
                              end: str = '', inline: str = '', lang: str = '') -> Response:
    try:
        statement = await staff_statement_for(request_actor(request), require_id(contact_id), period,
                                              start, end)
    except Invalid as error:
        return PlainTextResponse(error.message, status_code=400)
    except (NotFound, NotAllowed):
        return not_found()
    language = chosen_language(lang)
    return pdf_bytes(await statement_pdf(statement, language=language), statement_filename(statement, language),
                     inline=wants_inline(inline))


def chosen_language(value: str) -> str | None:
    """`?lang=de` when it names one of the portal's languages; None (the PDF's own language) otherwise."""
    return choice(value.strip().lower(), formats.LANGUAGES, '') or None


def wants_inline(value: str) -> bool:
    """`?inline=1` (or true/yes/on) opens the PDF in the tab; any other value downloads it."""
    return value.strip().lower() in {'1', 'true', 'yes', 'on'}


def not_found() -> Response:
    return PlainTextResponse(_('Not found'), status_code=404)


async def pdf_response(view: DocumentView, *, inline: bool, language: str | None = None) -> Response:
    return pdf_bytes(await document_pdf(view, language=language), filename(view), inline=inline)


def pdf_bytes(pdf: bytes, name: str, *, inline: bool) -> Response:
    name = re.sub(r'[^A-Za-z0-9._-]', '_', name)
    return Response(pdf, media_type='application/pdf', headers={
        'Content-Disposition': f'{"inline" if inline else "attachment"}; filename="{name}"',
        'Cache-Control': 'private, no-store',
    })
