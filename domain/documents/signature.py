"""The signature image a browser sends: checked, decoded and re-encoded here, never stored as sent.

Pure: no I/O. The browser sends a PNG data URL from the signature pad (a drawing, or the typed name drawn in a
script font). Anything else, anything too large in bytes or pixels, and an empty canvas are refused with a
message for the person; what is stored is a fresh PNG that Pillow wrote from the decoded pixels.
"""
from __future__ import annotations

import base64
import binascii
import io

from PIL import Image, ImageChops, UnidentifiedImageError

from domain.errors import Invalid
from domain.formats import _

PREFIX = 'data:image/png;base64,'
MAX_BYTES = 200_000
MAX_WIDTH, MAX_HEIGHT = 1600, 600
MIN_WIDTH, MIN_HEIGHT = 100, 40
_FIELD = 'signature'


def _refuse(message: str) -> Invalid:
    return Invalid.field(_FIELD, message)


def clean_signature(data_url: str | None) -> bytes:
    """The signature as a re-encoded PNG (greyscale with alpha, so it prints on any paper), or Invalid."""
    data_url = data_url or ''
    if not data_url:
        raise _refuse(_('Sign in the box, or type your name and choose "Use typed name".'))
    if not data_url.startswith(PREFIX):
        raise _refuse(_('The signature could not be read. Please clear it and sign again.'))
    encoded = data_url[len(PREFIX):]
    if len(encoded) > (MAX_BYTES * 4) // 3 + 4:
        raise _refuse(_('The signature is too large. Please clear it and sign again.'))
    try:
        raw = base64.b64decode(encoded, validate=True)
    except (binascii.Error, ValueError):
        raise _refuse(_('The signature could not be read. Please clear it and sign again.')) from None
    if len(raw) > MAX_BYTES:
        raise _refuse(_('The signature is too large. Please clear it and sign again.'))
    try:
        with Image.open(io.BytesIO(raw), formats=['PNG']) as image:
            width, height = image.size  # known from the header, before any pixel is decoded
            if not (MIN_WIDTH <= width <= MAX_WIDTH and MIN_HEIGHT <= height <= MAX_HEIGHT):
                raise _refuse(_('The signature has an unexpected size. Please clear it and sign again.'))
            image.load()
            pixels = image.convert('RGBA')
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError, Image.DecompressionBombError):
        raise _refuse(_('The signature could not be read. Please clear it and sign again.')) from None
    ink = _ink(pixels)
    if ink.getbbox() is None:
        raise _refuse(_('The signature box is empty. Sign in the box, or use your typed name.'))
    out = io.BytesIO()
    clean = Image.new('LA', pixels.size, (0, 0))
    clean.putalpha(ink)
    clean.save(out, format='PNG', optimize=True)
    return out.getvalue()


def _ink(image: Image.Image) -> Image.Image:
    """How much ink each pixel holds: opaque dark strokes count, a transparent or white background does not."""
    alpha = image.getchannel('A')
    darkness = image.convert('L').point(lambda value: 255 - value)
    return ImageChops.multiply(alpha, darkness)
