"""Fonts for the PDFs: measuring, wrapping, and writing text straight into a page's content stream.

Most documents use the standard Helvetica family: nothing is embedded and text is cheap to set. A document whose
text falls outside Windows-1252 (a Polish, Greek or Cyrillic name, say) gets an embedded Unicode font instead, so
every name prints as it was typed.

Long tables write their text as raw PDF operators (`Face.show`) rather than through reportlab's text objects:
that is what keeps an 8,000-line table well under a second.
"""
from __future__ import annotations

import weakref
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

STANDARD = ('Helvetica', 'Helvetica-Bold', 'Helvetica-Oblique')
UNICODE_CANDIDATES = [  # (regular, bold, italic) files, the first complete set found is used
    ('/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf', '/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf',
     '/usr/share/fonts/truetype/dejavu/DejaVuSans-Oblique.ttf'),
    ('/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf',
     '/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf',
     '/usr/share/fonts/truetype/liberation/LiberationSans-Italic.ttf'),
    tuple(str(Path(rl_config.__file__).parent / 'fonts' / name) for name in ('Vera.ttf', 'VeraBd.ttf', 'VeraIt.ttf')),
]

# PDF string escapes: backslash, parentheses and every byte outside printable ASCII
_ESCAPES = str.maketrans({**{chr(i): f'\\{i:03o}' for i in [*range(32), *range(127, 256)]},
                          '\\': '\\\\', '(': '\\(', ')': '\\)'})


def escape(data: bytes) -> str:
    return data.decode('latin-1').translate(_ESCAPES)


class _Widths(dict):
    """Glyph widths of a standard font by character (in 1/1000 em); characters it lacks print as '?'."""

    def __missing__(self, char: str) -> int:
        return self['?']


class Face:
    """One font at any size. `show` returns the operators that put a line of text at (x, y)."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.font = pdfmetrics.getFont(name)
        self.unicode = bool(self.font._dynamicFont)
        self._widths = None
        self._resource: tuple[weakref.ref, str] | None = None  # (document, the font's name in its resources)
        if not self.unicode:
            codes = bytes(range(256)).decode('cp1252', 'ignore')
            self._widths = _Widths({char: self.font.widths[char.encode('cp1252')[0]] for char in codes})

    def width(self, text: str, size: float) -> float:
        if self._widths is None:
            return self.font.stringWidth(text, size)
        return sum(map(self._widths.__getitem__, text)) * size / 1000

    def show(self, doc, text: str, size: float, x: float, y: float) -> str:
        """`BT ... ET` for one line of text; `doc` is the canvas's document (it names the font resources)."""
        if not self.unicode:
            if self._resource is None or self._resource[0]() is not doc:
                self._resource = (weakref.ref(doc), doc.getInternalFontName(self.name))
            literal = text.translate(_ESCAPES) if text.isascii() else escape(text.encode('cp1252', 'replace'))
            return f'BT {self._resource[1]} {size:g} Tf {x:.2f} {y:.2f} Td ({literal}) Tj ET'
        parts = [f'BT {x:.2f} {y:.2f} Td']
        for subset, data in self.font.splitString(text, doc):
            parts.append(f'{self.font.getSubsetInternalName(subset, doc)} {size:g} Tf ({escape(data)}) Tj')
        parts.append('ET')
        return ' '.join(parts)


@dataclass(frozen=True)
class Fonts:
    """The family one document is set in: `regular`, `bold` and `italic` faces and their reportlab names."""
    regular: Face
    bold: Face
    italic: Face

    @property
    def family(self) -> str:
        return self.regular.name


@cache
def standard_fonts() -> Fonts:
    return Fonts(*(Face(name) for name in STANDARD))


@cache
def unicode_fonts() -> Fonts:
    """An embedded family for text beyond Windows-1252, registered once per process."""
    for files in UNICODE_CANDIDATES:
        if all(Path(file).is_file() for file in files):
            names = ('DocSans', 'DocSans-Bold', 'DocSans-Italic')
            for name, file in zip(names, files, strict=True):
                pdfmetrics.registerFont(TTFont(name, file))
            addMapping('DocSans', 0, 0, 'DocSans')
            addMapping('DocSans', 1, 0, 'DocSans-Bold')
            addMapping('DocSans', 0, 1, 'DocSans-Italic')
            addMapping('DocSans', 1, 1, 'DocSans-Bold')
            return Fonts(*(Face(name) for name in names))
    return standard_fonts()


def fonts_for(texts: Iterable[str]) -> Fonts:
    """Helvetica when every text can be set in it, else the embedded Unicode family."""
    try:
        for text in texts:
            text.encode('cp1252')
    except UnicodeEncodeError:
        return unicode_fonts()
    return standard_fonts()


def wrap(text: str, face: Face, size: float, width: float) -> list[str]:
    """Break text into lines no wider than `width`, keeping the author's line breaks; over-long words are cut."""
    lines: list[str] = []
    for raw in text.split('\n'):
        paragraph = raw.rstrip()
        if face.width(paragraph, size) <= width:
            lines.append(paragraph)
            continue
        space = face.width(' ', size)
        current: list[str] = []
        used = 0.0
        for whole in paragraph.split():
            word = whole
            word_width = face.width(word, size)
            while word_width > width:  # a word wider than the column: cut it where it overflows
                if current:
                    lines.append(' '.join(current))
                    current, used = [], 0.0
                cut = _fitting_prefix(word, face, size, width)
                lines.append(word[:cut])
                word = word[cut:]
                word_width = face.width(word, size)
            if current and used + space + word_width > width:
                lines.append(' '.join(current))
                current, used = [], 0.0
            used += word_width + (space if current else 0)
            current.append(word)
        if current:
            lines.append(' '.join(current))
    return lines


def _fitting_prefix(word: str, face: Face, size: float, width: float) -> int:
    low, high = 1, len(word)
    while low < high:
        middle = (low + high + 1) // 2
        if face.width(word[:middle], size) <= width:
            low = middle
        else:
            high = middle - 1
    return low
