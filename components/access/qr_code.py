"""A QR code drawn on this server (segno, as SVG): the address inside never leaves for a third-party service."""
from __future__ import annotations

import segno
from nicegui import ui


def qr_code(content: str, description: str) -> ui.element:
    """An <img> of the QR code as a data URL (our CSP allows data: images), with `description` as its alt text."""
    image = ui.element('img').classes('w-48 h-48 bg-white p-2 rounded border').mark('qr-code')
    image.props['src'] = segno.make(content, error='m').svg_data_uri(scale=4, border=2)
    image.props['alt'] = description
    return image
