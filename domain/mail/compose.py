"""Writing email into the outbox. Call `queue` inside the transaction of the change that causes the email;
a sender (integrations/mail_sender.py) delivers it later, so nothing is lost while SMTP is down.

Every email has a plain-text and an HTML part, names the business, and escapes everything it is given. An email
is written in its recipient's language: build its texts inside `written_for(language)`.
"""
from __future__ import annotations

import html
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from typing import cast

from domain import formats
from domain.business import profile
from domain.formats import _
from domain.models import Business, OutgoingMail


@dataclass(frozen=True)
class Action:
    label: str
    url: str


def compose(business_name: str, greeting: str, paragraphs: list[str], action: Action | None = None,
            footer: str = '') -> tuple[str, str]:
    """The text and HTML parts of an email. Paragraphs are plain text; line breaks are kept."""
    text_parts = [greeting, *paragraphs]
    if action:
        text_parts.append(f'{action.label}: {action.url}')
    text_parts.append(footer or f'— {business_name}')
    text = '\n\n'.join(text_parts) + '\n'

    def paragraph(value: str) -> str:
        return f'<p style="margin:0 0 16px">{html.escape(value).replace(chr(10), "<br>")}</p>'

    button = ''
    if action:
        url = html.escape(action.url, quote=True)
        or_open = html.escape(_('Or open this link: {url}').format(url=action.url))
        button = (f'<p style="margin:24px 0"><a href="{url}" style="background:#1d4ed8;color:#ffffff;'
                  f'padding:12px 20px;border-radius:6px;text-decoration:none;display:inline-block">'
                  f'{html.escape(action.label)}</a></p>'
                  f'<p style="margin:0 0 16px;font-size:13px;color:#475569">{or_open}</p>')
    body = ''.join([paragraph(greeting), *map(paragraph, paragraphs), button,
                    paragraph(footer or f'— {business_name}')])
    page = (f'<!doctype html><html lang="{formats.current_language()}"><body style="font-family:Arial,Helvetica,'
            f'sans-serif;color:#0f172a;line-height:1.5;max-width:600px;margin:0 auto;padding:24px">'
            f'<p style="font-size:18px;font-weight:bold;margin:0 0 24px">{html.escape(business_name)}</p>'
            f'{body}</body></html>')
    return text, page


async def business_name() -> str:
    names = cast(list[str], await Business.all().limit(1).values_list('name', flat=True))
    return names[0] if names else _('Client portal')


@asynccontextmanager
async def written_for(language: str | None) -> AsyncIterator[formats.Reader]:
    """Texts made inside read in `language` (the recipient's; English when unknown), times in the business's zone."""
    zone = await profile.timezone()
    with formats.reading(formats.language_code(language), zone) as reader:
        yield reader


async def queue(kind: str, to_address: str, subject: str, *, greeting: str, paragraphs: list[str],
                action: Action | None = None, to_name: str = '', contact_id: int | None = None,
                attachments: list[dict] | None = None, language: str | None = None,
                sender: str = '') -> OutgoingMail:
    """Add an email to the outbox. `attachments` lists what to render at send time, e.g. [{'document_id': 3}].

    The frame of the email (its language tag, "Or open this link") is in `language`, else in the reader's, which
    inside `written_for` is the recipient's. `sender` is the business's name when the caller has read it already
    (a job queueing thousands of emails).
    """
    with formats.reading(language):
        name = sender or await business_name()
        text, page = compose(name, greeting, paragraphs, action)
    return await OutgoingMail.create(
        kind=kind, to_address=to_address, to_name=to_name, subject=f'{subject} · {name}'[:250],
        text_body=text, html_body=page, contact_id=contact_id, attachments=attachments or [],
    )
