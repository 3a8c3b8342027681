"""What was attached to an email in the outbox, named as the recipient got it, for staff to see and open.

An outbox row keeps what to render at send time (`{'document_id': 3}`, or a statement: `{'statement_of': 5, ...,
'name': ...}`), not the file. The name shown is the file name the sender gives the attachment (the document's number,
e.g. INV-000003.pdf, or the statement's name kept in its spec), and the file staff open is rendered by the same
function the sender uses, so they see what the recipient received (or will receive).
"""
from __future__ import annotations

from dataclasses import dataclass

from domain import sessions
from domain.actors import StaffActor
from domain.einvoices.model import FILE_SUFFIXES
from domain.errors import NotFound
from domain.form_input import require_id
from domain.formats import _
from domain.models import Contact, Document, OutgoingMail


@dataclass(frozen=True)
class MailAttachment:
    index: int  # its place in the email, which the address to open it uses
    name: str  # as the recipient's mail program shows it
    available: bool  # False when the document was deleted since: nothing can be opened

    def path(self, mail_id: int) -> str:
        return f'/staff/mail/{mail_id}/attachments/{self.index}/{self.name}'


def _document_id(spec: object) -> int | None:
    value = spec.get('document_id') if isinstance(spec, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def _einvoice_of(spec: object) -> tuple[int, str] | None:
    """The document and format of an e-invoice's XML (`{'einvoice_of': 3, 'flavor': 'xrechnung'}`)."""
    value = spec.get('einvoice_of') if isinstance(spec, dict) else None
    flavor = spec.get('flavor') if isinstance(spec, dict) else None
    if isinstance(value, int) and not isinstance(value, bool) and flavor in FILE_SUFFIXES:
        return value, str(flavor)
    return None


def _statement_of(spec: object) -> int | None:
    """The contact whose statement the spec is, when it is one (with the name it is sent under)."""
    if not isinstance(spec, dict) or not isinstance(spec.get('name'), str):
        return None
    value = spec.get('statement_of')
    return value if isinstance(value, int) and not isinstance(value, bool) else None


async def _specs(actor: StaffActor, mail_id: int | str) -> list:
    await sessions.check(actor)
    found = await OutgoingMail.filter(id=require_id(mail_id)).values_list('attachments', flat=True)
    if not found:
        raise NotFound(_('This email does not exist.'))
    return list(found[0] or [])


async def mail_attachments(actor: StaffActor, mail_id: int | str) -> list[MailAttachment]:
    """The email's attachments with their file names, in one query for the documents' numbers."""
    specs = await _specs(actor, mail_id)
    ids = {document_id for spec in specs if (document_id := _document_id(spec)) is not None} \
        | {found[0] for spec in specs if (found := _einvoice_of(spec)) is not None}
    numbers = dict(await Document.filter(id__in=ids).values_list('id', 'number')) if ids else {}
    contacts = {contact_id for spec in specs if (contact_id := _statement_of(spec)) is not None}
    kept = set(await Contact.filter(id__in=contacts).values_list('id', flat=True)) if contacts else set()
    attachments = []
    for index, spec in enumerate(specs):
        document_id = _document_id(spec)
        einvoice = _einvoice_of(spec)
        if einvoice is not None:
            attachments.append(MailAttachment(index, f'{numbers[einvoice[0]]}{FILE_SUFFIXES[einvoice[1]]}', True)
                               if einvoice[0] in numbers else
                               MailAttachment(index, _('An e-invoice of a document deleted since'), False))
        elif _statement_of(spec) is not None:
            attachments.append(MailAttachment(index, spec['name'], _statement_of(spec) in kept))
        elif document_id in numbers:
            attachments.append(MailAttachment(index, f'{numbers[document_id]}.pdf', True))
        else:
            attachments.append(MailAttachment(index, _('A PDF of a document deleted since'), False))
    return attachments


async def mail_attachment(actor: StaffActor, mail_id: int, index: int) -> dict:
    """The outbox spec of one attachment, for rendering it the way the sender does; NotFound if there is none."""
    specs = await _specs(actor, mail_id)
    if not 0 <= index < len(specs) or (_document_id(specs[index]) is None and _statement_of(specs[index]) is None
                                       and _einvoice_of(specs[index]) is None):
        raise NotFound(_('This email has no such attachment.'))
    return dict(specs[index])
