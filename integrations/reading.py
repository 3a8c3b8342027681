"""Who reads a page: decided from the request that builds it, and remembered by the page.

The middleware decides the reader of a request (`reader_for`): the signed-in person's language, or on a public
page the browser's `Accept-Language`, with the business's time zone. Each NiceGUI `Client` remembers the reader it
was built for (`reader_of`); `integrations/framework/reading.py` carries it into the page's events, connect
handlers and live updates, which run in tasks of their own.
"""
from __future__ import annotations

from nicegui import Client

from domain import formats
from domain.actors import Actor
from domain.business import profile


async def reader_for(actor: Actor | None, accept_language: str | None) -> formats.Reader:
    """The signed-in person's language and the business's zone; before sign-in, the browser's language (the public
    pages show no times, so they read no zone)."""
    if actor is None:
        return formats.Reader(language=formats.best_language(accept_language))
    return formats.Reader(language=formats.language_code(actor.language), zone=await profile.timezone())


def reader_of(client: Client) -> formats.Reader:
    return getattr(client, 'reader', None) or formats.Reader()
