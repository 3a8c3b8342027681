"""E-invoice XML as files: downloads from a document's page and attachments of the email that sends it. The
callers have checked who may have the document; the XML is written in a worker process."""
from __future__ import annotations

from domain.einvoices import assemble
from domain.einvoices.model import PEPPOL_UBL, XRECHNUNG_CII
from domain.errors import NotFound
from integrations.einvoice.formats import file_name, xml_for
from integrations.off_loop import off_loop

DOWNLOADS = (XRECHNUNG_CII, PEPPOL_UBL)


async def einvoice_file(document_id: int, flavor: str) -> tuple[str, bytes]:
    """('INV-000012-xrechnung.xml', the XML) for a document the caller may read (NotFound for an estimate)."""
    if flavor not in DOWNLOADS:
        raise NotFound()
    invoice = await assemble.load(document_id)
    return file_name(invoice, flavor), await off_loop(xml_for, invoice, flavor)


async def render_einvoice_attachment(spec: dict) -> tuple[str, bytes] | None:
    """`{'einvoice_of': 12, 'flavor': 'xrechnung'}` from the outbox; None once the document is gone."""
    document_id, flavor = spec.get('einvoice_of'), spec.get('flavor')
    if not isinstance(document_id, int) or isinstance(document_id, bool) or flavor not in DOWNLOADS:
        return None
    try:
        return await einvoice_file(document_id, str(flavor))
    except NotFound:
        return None
