"""Staff mark an estimate accepted for the client (after a phone call, in a meeting): they say how the client
accepted, and the record keeps it with who, when and the hash of the estimate as this dialog showed it.

The staff estimate page follows live events; when the estimate changes while the dialog is open, the page asks
`stale` and withdraws it, as the portal does with the client's confirmation.
"""
from __future__ import annotations

from nicegui import ui

from components.common.dialogs import ReasonDialog
from components.common.forms import run
from domain.actors import StaffActor
from domain.documents import estimates
from domain.documents.acceptance import ContentChanged
from domain.documents.staff import StaffDocument
from domain.errors import Invalid, SessionEnded
from domain.formats import _, money


class MarkAcceptedDialog(ReasonDialog):
    def __init__(self, actor: StaffActor, data: StaffDocument, refused: ui.label) -> None:
        view = data.view
        super().__init__(
            _('Mark {number} as accepted?').format(number=view.number),
            _('Do this when the client accepted it outside the portal, for example by phone, with the total of '
              '{total}. Your name, the time and what you write here are kept with the estimate.').format(
                total=money(view.total, view.currency)),
            _('Mark as accepted'), field=_('How the client accepted it'), max_length=estimates.MAX_MARK_REASON,
            danger=False)
        self.actor = actor
        self.estimate_id = view.id
        self.content_sha256 = data.content_sha256
        self.refused = refused  # the page's line above the estimate, which says a refusal
        self.sending = False

    def stale(self, now: StaffDocument) -> bool:
        """Whether the estimate no longer is what the dialog shows (while the server has not been asked yet)."""
        return not self.sending and now.content_sha256 != self.content_sha256

    async def run(self) -> bool | None:
        """Ask until it is done (True), refused (False, said in `refused`) or cancelled or the session ended (None)."""
        try:
            while (reason := await self) is not None:
                self.sending = True
                try:
                    outcome = await run(estimates.mark_estimate(self.actor, self.estimate_id, 'accept', reason,
                                                                shown_sha256=self.content_sha256),
                                        inputs={'reason': self.reason}, message=self.refused)
                finally:
                    self.sending = False
                if isinstance(outcome.error, SessionEnded):
                    return None
                if not isinstance(outcome.error, Invalid):
                    return outcome.ok
            return None
        finally:
            if not self.is_deleted:  # a page closed meanwhile has deleted it
                self.delete()


def withdrawn_message(now: StaffDocument) -> str:
    """What the page says when it withdrew the dialog because the estimate changed."""
    if 'mark_accepted' in now.actions:
        return ContentChanged(now.view.total, now.view.currency).message
    return _('This estimate changed while you were reading it.')
