"""What kind of file an upload is, decided from its content as it streams in, never from its name or the browser.

Pure: no I/O. Feed the chunks to a `Sniffer` as they arrive, then ask `result`. Accepted: PDF, PNG, JPEG, GIF,
WebP, office documents (OOXML: a zip with `[Content_Types].xml`; legacy OLE compound files) and plain text (valid
UTF-8 without control characters, and not markup a browser would run). The name's extension must agree with the
content: a web page called `invoice.pdf` is refused.
"""
from __future__ import annotations

import codecs
import re
from dataclasses import dataclass

from domain.errors import Invalid
from domain.form_input import drop_invisible
from domain.formats import N_, _

HEAD = 4096
OOXML_TYPES = {
    'word/': ('application/vnd.openxmlformats-officedocument.wordprocessingml.document', {'docx', 'docm', 'dotx'}),
    'xl/': ('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', {'xlsx', 'xlsm', 'xltx'}),
    'ppt/': ('application/vnd.openxmlformats-officedocument.presentationml.presentation', {'pptx', 'pptm', 'potx'}),
}
OLE_TYPES = {'doc': 'application/msword', 'dot': 'application/msword', 'xls': 'application/vnd.ms-excel',
             'xlt': 'application/vnd.ms-excel', 'ppt': 'application/vnd.ms-powerpoint', 'msg': 'application/vnd.ms-outlook'}
TEXT_EXTENSIONS = {'', 'txt', 'text', 'csv', 'tsv', 'md', 'log'}
REFUSED = N_('This kind of file cannot be attached. Attach a PDF, an image (PNG, JPEG, GIF or WebP), an office '
           'document (Word, Excel, PowerPoint) or a plain text file.')
_MARKUP = re.compile(rb'^\s*(<!doctype|<html|<head|<body|<script|<svg|<\?xml|<iframe|<object|<embed|<meta)', re.I)
_CONTROL = re.compile(r'[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]')
_MARKERS = (b'[Content_Types].xml', b'word/', b'xl/', b'ppt/')


@dataclass(frozen=True)
class FileType:
    content_type: str
    description: str


class Sniffer:
    """Watches an upload go by: its first bytes, whether it is still valid text, and the names inside a zip."""

    def __init__(self) -> None:
        self.head = b''
        self.size = 0
        self.text = True
        self._decoder = codecs.getincrementaldecoder('utf-8')()
        self._tail = b''
        self.seen: set[bytes] = set()

    def feed(self, chunk: bytes) -> None:
        if len(self.head) < HEAD:
            self.head += chunk[:HEAD - len(self.head)]
        self.size += len(chunk)
        if self.text:
            try:
                if _CONTROL.search(self._decoder.decode(chunk)):
                    self.text = False
            except UnicodeDecodeError:
                self.text = False
        if self.head.startswith(b'PK\x03\x04'):
            window = self._tail + chunk
            self.seen.update(marker for marker in _MARKERS if marker in window)
            self._tail = window[-32:]

    def result(self, file_name: str) -> FileType:
        """The file's type, or Invalid (field 'file') with a message for the person."""
        extension = file_name.rsplit('.', 1)[-1].lower() if '.' in file_name else ''
        found = self._kind()
        if found is None:
            raise Invalid.field('file', _(REFUSED))
        content_type, description, extensions = found
        if extension and extension not in extensions:
            raise Invalid.field('file', _('The name ends in .{extension} but the file is {description}. Rename it '
                                          'or attach the right file.').format(extension=extension,
                                                                              description=_(description)))
        if content_type == 'application/x-ole-storage':
            content_type = OLE_TYPES.get(extension, content_type)
        return FileType(content_type, description)

    def _kind(self) -> tuple[str, str, set[str]] | None:
        head = self.head
        if self.size == 0:
            return None
        if head.startswith(b'%PDF-'):
            return 'application/pdf', N_('a PDF'), {'pdf'}
        if head.startswith(b'\x89PNG\r\n\x1a\n'):
            return 'image/png', N_('a PNG image'), {'png'}
        if head.startswith(b'\xff\xd8\xff'):
            return 'image/jpeg', N_('a JPEG image'), {'jpg', 'jpeg', 'jpe', 'jfif'}
        if head.startswith((b'GIF87a', b'GIF89a')):
            return 'image/gif', N_('a GIF image'), {'gif'}
        if head[:4] == b'RIFF' and head[8:12] == b'WEBP':
            return 'image/webp', N_('a WebP image'), {'webp'}
        if head.startswith(b'PK\x03\x04') and b'[Content_Types].xml' in self.seen:
            for folder, (content_type, extensions) in OOXML_TYPES.items():
                if folder.encode() in self.seen:
                    return content_type, N_('an office document'), extensions
            return None
        if head.startswith(b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1'):
            return 'application/x-ole-storage', N_('an office document'), set(OLE_TYPES)
        if self.text and self._text_complete() and not _MARKUP.match(head.removeprefix(b'\xef\xbb\xbf')):
            return 'text/plain; charset=utf-8', N_('plain text'), TEXT_EXTENSIONS
        return None

    def _text_complete(self) -> bool:
        try:
            self._decoder.decode(b'', final=True)
        except UnicodeDecodeError:
            self.text = False
        return self.text


def clean_file_name(name: str | None) -> str:
    """The uploader's name for the file, for display and the download header: no folders, no control characters,
    no invisible formatting characters (a right-to-left override would make "invoice\u202efdp.txt" read
    "invoicetxt.pdf"), at most 150 characters (the extension kept)."""
    name = drop_invisible((name or '').replace('\\', '/').rsplit('/', 1)[-1])
    name = ''.join(' ' if ord(c) < 32 or 0x7f <= ord(c) < 0xa0 or c in '"<>|*?:' else c for c in name)
    name = ' '.join(name.split()).strip(' .')
    if len(name) > 150:
        stem, dot, extension = name.rpartition('.')
        name = (stem[:140] + dot + extension[:9]) if dot and len(extension) < 10 else name[:150]
    return name or 'file'
