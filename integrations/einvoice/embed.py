"""An invoice PDF made a Factur-X PDF/A-3: its CII XML attached as `factur-x.xml` (EN 16931 profile, relationship
Data), the XMP metadata Factur-X asks for (the factur-x library does both), and an sRGB output intent, which
PDF/A needs for the colours the page uses (factur-x does not add one). Fonts are embedded by the renderer (a
document made for it always uses the embedded font family, integrations/pdf/text.py). Pure CPU work.
"""
from __future__ import annotations

import io
from functools import cache

import facturx
from PIL import ImageCms
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, StreamObject, TextStringObject


@cache
def _srgb() -> bytes:
    return ImageCms.ImageCmsProfile(ImageCms.createProfile('sRGB')).tobytes()


def facturx_pdf(pdf: bytes, xml: bytes, *, title: str, author: str, subject: str, language: str) -> bytes:
    """`pdf` with `xml` inside as Factur-X EN 16931. The XML was checked before (the schema is not run again)."""
    made = facturx.generate_from_binary(
        pdf, xml, flavor='factur-x', level='en16931', check_xsd=False, lang=language,
        pdf_metadata={'author': author, 'keywords': 'Factur-X, EN 16931', 'title': title, 'subject': subject})
    return with_output_intent(made)


def with_output_intent(pdf: bytes) -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf)))
    profile = StreamObject()
    profile.set_data(_srgb())
    profile.update({NameObject('/N'): NumberObject(3)})
    intent = DictionaryObject({
        NameObject('/Type'): NameObject('/OutputIntent'),
        NameObject('/S'): NameObject('/GTS_PDFA1'),
        NameObject('/OutputConditionIdentifier'): TextStringObject('sRGB IEC61966-2.1'),
        NameObject('/Info'): TextStringObject('sRGB IEC61966-2.1'),
        NameObject('/DestOutputProfile'): writer._add_object(profile),
    })
    writer._root_object[NameObject('/OutputIntents')] = ArrayObject([writer._add_object(intent)])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()
