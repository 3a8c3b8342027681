"""Accepting an estimate: what the client fills in, how it is checked, and the record it leaves.

The record holds who accepted (the signed-in person and the name they typed), when, from which network address
and browser, the signature image (when the business asks for one), and a SHA-256 of the estimate's content exactly
as accepted. Every confirmation, with a signature or without, carries the hash of what it showed. The hash is taken
again inside the accepting transaction, after the status change has locked the estimate's row, and must equal it:
an estimate changed while the person read it is refused (`ContentChanged`, with the new total), and one changed
and sent again later needs a new acceptance (editing an accepted estimate is refused by the status rules).

Staff who mark an estimate accepted on the client's behalf leave a record too: who, when, the reason they typed,
and the hash of the content as they saw it.
"""
from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime

from domain import form_input
from domain.documents.signature import clean_signature
from domain.errors import Conflict, Invalid
from domain.formats import _, money
from domain.models import Business, ContactPerson, Document, DocumentLine, EstimateAcceptance, EstimateStatus

MAX_NAME = 200
KINDS = ('drawn', 'typed')
SHOWN_FOR = {EstimateStatus.ACCEPTED.value, EstimateStatus.INVOICED.value}


@dataclass
class AcceptanceForm:
    """What the Accept dialog sends."""
    typed_name: str = ''
    agreed: bool = False
    signature: str = ''  # a PNG data URL from the signature pad
    signature_kind: str = 'drawn'  # 'drawn', or 'typed' (the name drawn in a script font)


@dataclass(frozen=True)
class Requester:
    """Where the acceptance came from, as the server saw the request."""
    ip: str = ''
    user_agent: str = ''


@dataclass(frozen=True)
class CleanAcceptance:
    typed_name: str
    signature_png: bytes | None
    signature_kind: str


class ContentChanged(Conflict):
    """The estimate is no longer what the confirmation showed; `total` (minor units) is what it says now."""

    def __init__(self, total: int, currency: str) -> None:
        super().__init__(_('This estimate was changed while you were reading it: its total is now {total}. Please '
                           'read it again before accepting it.').format(total=money(total, currency)))
        self.total = total
        self.currency = currency


@dataclass(frozen=True)
class AcceptanceView:
    person_name: str
    person_email: str
    typed_name: str
    accepted_at: datetime
    ip: str
    user_agent: str
    signature_png: bytes | None
    signature_kind: str
    content_sha256: str
    staff_name: str = ''  # set when staff marked it accepted on the client's behalf
    reason: str = ''  # why staff did

    @property
    def by_staff(self) -> bool:
        return bool(self.staff_name)


def content_payload(document: Document, lines: list) -> dict:
    """The estimate's content that an acceptance covers, as plain JSON values."""
    return {
        'number': document.number,
        'currency': document.currency,
        'issue_date': document.issue_date.isoformat(),
        'expiry_date': document.expiry_date.isoformat() if document.expiry_date else None,
        'reference': document.reference,
        'lines': [{'name': line.name, 'description': line.description, 'quantity': f'{line.quantity.normalize():f}',
                   'rate': line.rate, 'tax_percent': f'{line.tax_percent.normalize():f}', 'amount': line.amount,
                   'tax_amount': line.tax_amount} for line in lines],
        'subtotal': document.subtotal,
        'tax_total': document.tax_total,
        'total': document.total,
        'notes': document.notes,
        'terms': document.terms,
    }


def content_hash(payload: dict) -> str:
    """SHA-256 of the canonical JSON (sorted keys, no spaces, UTF-8) of `content_payload`."""
    canonical = json.dumps(payload, sort_keys=True, separators=(',', ':'), ensure_ascii=False)
    return hashlib.sha256(canonical.encode('utf-8')).hexdigest()


async def current_hash(document_id: int) -> str:
    return (await _current(document_id))[1]


async def _current(document_id: int) -> tuple[Document, str]:
    document = await Document.get(id=document_id)
    lines = await DocumentLine.filter(document_id=document_id).order_by('position')
    return document, content_hash(content_payload(document, lines))


async def unchanged(document_id: int, shown_sha256: str) -> str:
    """The content's hash now, or ContentChanged when it is not the hash of what the confirmation showed (a
    missing hash never matches: an acceptance must say what it covers)."""
    document, digest = await _current(document_id)
    if (shown_sha256 or '').strip().lower() != digest:
        raise ContentChanged(document.total, document.currency)
    return digest


async def signature_required() -> bool:
    values = await Business.all().limit(1).values_list('require_signature', flat=True)
    return bool(values and values[0])


def clean_acceptance(form: AcceptanceForm | None, *, required: bool) -> CleanAcceptance | None:
    """The checked form, or Invalid with a message per field. Without a required signature a plain accept
    (no form) is fine; a form that comes anyway is checked all the same."""
    if form is None:
        if required:
            raise Invalid.field('signature', _('This business asks for your name and signature to accept an estimate.'))
        return None
    errors: dict[str, str] = {}
    name = ''
    try:
        name = form_input.text(form.typed_name, limit=MAX_NAME, required=_('Enter your full name.'))
        if any(ord(c) < 32 or 0x7f <= ord(c) < 0xa0 for c in name):
            raise ValueError(_('Use letters, spaces and punctuation only.'))
    except ValueError as error:
        errors['typed_name'] = str(error)
    if not form.agreed:
        errors['agreed'] = _('Tick the box to agree to the terms.')
    png = None
    kind = form.signature_kind if form.signature_kind in KINDS else 'drawn'
    if required or form.signature:
        try:
            png = clean_signature(form.signature)
        except Invalid as error:
            errors.update(error.fields)
    if errors:
        raise Invalid(errors)
    return CleanAcceptance(name, png, kind if png else '')


async def record(document_id: int, person_id: int, accepted_at: datetime, *, shown_sha256: str,
                 clean: CleanAcceptance | None, requester: Requester) -> None:
    """Write the acceptance record inside the accepting transaction; ContentChanged when the content is not what
    the person was shown."""
    digest = await unchanged(document_id, shown_sha256)
    person = await ContactPerson.get(id=person_id)
    await EstimateAcceptance.create(
        document_id=document_id, person_id=person.id, person_name=person.name[:200], person_email=person.email,
        typed_name=clean.typed_name if clean else person.name[:200], accepted_at=accepted_at,
        ip=requester.ip[:45], user_agent=requester.user_agent[:300],
        signature_png=clean.signature_png if clean else None, signature_kind=clean.signature_kind if clean else '',
        content_sha256=digest)


async def record_for_staff(document_id: int, accepted_at: datetime, *, staff_id: int, staff_name: str,
                           shown_sha256: str, reason: str) -> None:
    """Write the record of staff marking it accepted, inside their transaction; ContentChanged as for a client."""
    digest = await unchanged(document_id, shown_sha256)
    await EstimateAcceptance.create(
        document_id=document_id, person_id=None, person_name='', typed_name='', accepted_at=accepted_at,
        content_sha256=digest, staff_id=staff_id, staff_name=staff_name[:200], reason=reason)


async def latest(document_id: int, status: str) -> AcceptanceView | None:
    """The acceptance that stands for an accepted (or invoiced) estimate: the latest one."""
    if status not in SHOWN_FOR:
        return None
    row = await EstimateAcceptance.filter(document_id=document_id).order_by('-accepted_at', '-id').first()
    if row is None:
        return None
    return AcceptanceView(row.person_name, row.person_email, row.typed_name, row.accepted_at, row.ip, row.user_agent,
                          row.signature_png, row.signature_kind, row.content_sha256, row.staff_name, row.reason)
