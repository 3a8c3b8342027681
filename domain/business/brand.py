"""The business's brand colour made readable: white text on the brand colour, and brand-coloured text on the page,
must reach WCAG AA (4.5:1), also while a flat or outlined button is hovered or focused. Pure colour arithmetic, used
by the pages' frame and by the PDFs alike."""
from __future__ import annotations

import functools
import re

DEFAULT_BRAND = '#1d4ed8'


def _luminance(hex_color: str) -> float:
    channels = [int(hex_color[i:i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PAGE = '#fafafa'  # Quasar's grey-1, behind every page (GLOBAL_CSS)
HOVER = 0.15  # Quasar tints a hovered or focused flat or outlined button with its own colour at this opacity


def tinted(color: str, background: str = PAGE, opacity: float = HOVER) -> str:
    """What `color` at `opacity` over `background` looks like."""
    return '#' + ''.join(f'{round(int(color[i:i + 2], 16) * opacity + int(background[i:i + 2], 16) * (1 - opacity)):02x}'
                         for i in (1, 3, 5))


@functools.lru_cache(maxsize=64)  # every page's frame asks, mostly for the same colour
def readable_brand(color: str) -> str:
    """The brand colour, darkened just enough for AA both ways: white text on it, and it as the text of an outlined
    button on the page while that button is hovered or focused (the harder case: 4.3:1 for a teal that passes on
    white)."""
    if not re.fullmatch(r'#[0-9a-fA-F]{6}', color or ''):
        return DEFAULT_BRAND
    color = color.lower()
    while contrast(color, '#ffffff') < 4.5 or contrast(color, tinted(color)) < 4.5:
        color = '#' + ''.join(f'{int(int(color[i:i + 2], 16) * 0.9):02x}' for i in (1, 3, 5))
    return color
