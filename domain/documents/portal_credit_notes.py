"""Credit notes as a portal person sees them: their company's issued ones (never a draft, and a void one only if it
had been issued), a list with a filter and one credit note, whose first open marks it viewed as other documents."""
from __future__ import annotations

from domain import sessions
from domain.actors import PortalActor
from domain.business import profile as business
from domain.documents.portal import ListPage, PortalDocument, _list, _open
from domain.documents.visibility import visible
from domain.formats import N_
from domain.models import CreditNoteStatus, DocumentKind
from domain.models.sql import where

CREDIT_FILTERS = {'all': N_('All'), 'open': N_('With credit left'), 'applied': N_('Applied'), 'void': N_('Void')}
_PICKED = {'open': [CreditNoteStatus.OPEN, CreditNoteStatus.PARTLY_APPLIED], 'applied': [CreditNoteStatus.APPLIED],
           'void': [CreditNoteStatus.VOID]}


async def list_credit_notes(actor: PortalActor, filter_: str = 'all', page: int | str = 1) -> ListPage:
    await sessions.check(actor)
    today = await business.today()
    filter_ = filter_ if filter_ in CREDIT_FILTERS else 'all'
    picked = visible(actor.contact_id) & where('kind', '=', DocumentKind.CREDIT_NOTE)
    if filter_ in _PICKED:
        picked &= where('status', 'in', _PICKED[filter_])
    return await _list(picked, page, filter_, today)


async def open_credit_note(actor: PortalActor, document_id: int | str) -> PortalDocument:
    """The credit note; the first open marks it viewed."""
    return await _open(actor, document_id, [DocumentKind.CREDIT_NOTE])
