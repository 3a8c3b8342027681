"""A file field that sends the chosen file to one of our bounded upload routes (see file_upload.js): the attachment
and bank statement uploads are this with their own texts. It emits `uploaded` with the route's JSON answer."""
from __future__ import annotations

from nicegui import ui


class FileUpload(ui.element, component='file_upload.js'):
    def __init__(self, url: str, label: str, *, hint: str, max_bytes: int, texts: dict[str, str],
                 input_id: str, shareable: bool = False) -> None:
        """`texts` as listed in file_upload.js; `input_id` prefixes the element's id to name the file input."""
        super().__init__()
        self._props.update(url=url, label=label, hint=hint, maxBytes=max_bytes, inputId=f'{input_id}-{self.id}',
                           shareable=shareable, texts=texts)
