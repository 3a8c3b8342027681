"""The bank statement upload field (see components/common/file_upload.js): the file goes to the bounded upload
route, and the element emits `uploaded` with what the import brought."""
from __future__ import annotations

from components.common.file_upload import FileUpload
from domain.formats import _
from domain.payments.bank.lines import MAX_STATEMENT


class StatementUpload(FileUpload):
    def __init__(self, url: str, label: str) -> None:
        super().__init__(url, label, hint=_('A CAMT.053 XML file or a CSV export of your bank, at most 10 MB.'),
                         max_bytes=MAX_STATEMENT, input_id='statement',
                         texts={'tooLarge': _('A statement file can be at most 10 MB.'),
                                'uploading': _('Reading the statement…'),
                                'failed': _('The statement could not be uploaded. Please try again.')})
