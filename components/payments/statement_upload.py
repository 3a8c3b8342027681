"""The bank statement upload field (see statement_upload.js): the file goes to the bounded upload route, and the
element emits `imported` with what the import brought."""
from __future__ import annotations

from nicegui import ui

from domain.formats import _
from domain.payments.bank.lines import MAX_STATEMENT


class StatementUpload(ui.element, component='statement_upload.js'):
    def __init__(self, url: str, label: str) -> None:
        super().__init__()
        self._props.update(url=url, label=label, maxBytes=MAX_STATEMENT, inputId=f'statement-{self.id}',
                           hint=_('A CAMT.053 XML file or a CSV export of your bank, at most 10 MB.'),
                           texts={'tooLarge': _('A statement file can be at most 10 MB.'),
                                  'uploading': _('Reading the statement…'),
                                  'failed': _('The statement could not be uploaded. Please try again.')})
