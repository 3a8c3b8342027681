"""The Attachments section of an estimate or invoice, on both sides: the files with who attached them and when, a
download link each, and a file input to add one (see components/common/file_upload.js).

Staff choose "Show in portal" before uploading (a checkbox in the upload element, read as the file is sent) and
can change it, and "Send with the email", per file afterwards;
clients see what is shown to them and their company's own uploads, and can delete their own while the document is
open. Changes arrive live from the other side: the list is redrawn when an `attachment.changed` event names this
document (a portal page hears only about files shown in the portal).
"""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.dialogs import confirm
from components.common.file_upload import FileUpload
from components.common.forms import run
from components.common.heading import Heading
from domain.actors import PortalActor, StaffActor
from domain.errors import NotFound, SessionEnded
from domain.events import Event, EventKind
from domain.files import attachments
from domain.files.attachments import MAX_FILE, TOO_LARGE, AttachmentView
from domain.formats import N_, _, moment, ngettext, number
from integrations.file_storage import storage

ICONS = {'application/pdf': 'picture_as_pdf', 'text/plain; charset=utf-8': 'description'}
HINT = N_('PDF, images (PNG, JPEG, GIF, WebP), office documents or plain text; up to 10 MB each, 20 per document.')


def size_text(size: int) -> str:
    if size < 1024:
        return ngettext('{size} bytes', '{size} bytes', size).format(size=size)
    if size < 1024 * 1024:
        return _('{size} KB').format(size=number(round(size / 1024), '0'))
    return _('{size} MB').format(size=number(round(size / 1024 / 1024, 1), '0.0'))


def upload_texts() -> dict[str, str]:
    """What the upload element says in the browser; "{name}" stands for the file's name there."""
    return {
        'show': _('Show in portal'),
        'internal': _('Without it, the file stays internal: only staff see it.'),
        'tooLarge': _(TOO_LARGE),
        'uploading': _('Uploading {name}…'),
        'attached': _('{name} attached.'),
        'failed': _('The file could not be attached. Please try again.'),
        'unfinished': _('The upload did not finish. Check your connection and try again.'),
    }


class AttachmentUpload(FileUpload):
    def __init__(self, url: str, label: str, *, shareable: bool = False) -> None:
        super().__init__(url, label, hint=_(HINT), max_bytes=MAX_FILE, texts=upload_texts(), input_id='attach',
                         shareable=shareable)


class AttachmentPanel:
    def __init__(self, actor: PortalActor | StaffActor, document_id: int) -> None:
        self.actor = actor
        self.document_id = document_id
        self.staff = isinstance(actor, StaffActor)
        self.side = 'staff' if self.staff else 'portal'

    async def build(self) -> None:
        with ui.column().classes('w-full gap-2').mark('attachments'):
            Heading(_('Attachments'), level=2)
            self.rows = ui.column().classes('w-full gap-0')
            await self.refresh()
            self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
            label = _('Attach a file') if self.staff else _('Upload a file for the business (a purchase order, a '
                                                            'remittance advice, a signed contract)')
            upload = AttachmentUpload(f'/{self.side}/documents/{self.document_id}/attachments', label,
                                      shareable=self.staff).classes('w-full')
            upload.on('uploaded', self._uploaded)
        live.follow(self._wanted, self._changed)

    def _wanted(self, event: Event) -> bool:
        return (event.kind == EventKind.ATTACHMENT_CHANGED and event.document_id == self.document_id
                and (self.staff or bool(event.data.get('portal'))))

    async def _changed(self, _events: list[Event]) -> None:
        await self.refresh()

    async def _uploaded(self) -> None:
        await run(self.refresh())

    async def refresh(self) -> None:
        try:
            found = await attachments.list_attachments(self.actor, self.document_id)
        except NotFound:  # the document is gone (or no longer shown to this client): nothing to list
            found = []
        self.rows.clear()
        if found:  # a list role only with items in it: an empty list is announced wrongly
            self.rows.props.update(role='list', **{'aria-label': _('Attachments')})
        else:
            for name in ('role', 'aria-label'):
                self.rows.props.pop(name, None)
        self.rows.update()
        with self.rows:
            if not found:
                ui.label(_('No files attached yet.')).classes('text-sm text-grey-8')
            for item in found:
                self._row(item)

    def _row(self, item: AttachmentView) -> None:
        with ui.element('div').classes('w-full row items-center gap-2 no-wrap border-b border-gray-200 py-2') \
                .mark('attachment') as row:
            row.props['role'] = 'listitem'
            ui.icon(ICONS.get(item.content_type, 'image' if item.content_type.startswith('image/') else 'attach_file')) \
                .props('aria-hidden=true').classes('text-grey-8')
            with ui.column().classes('gap-0 min-w-0 grow'):
                link = ui.link(item.file_name, f'/{self.side}/attachments/{item.id}').classes('text-primary break-all')
                link.props['download'] = item.file_name
                who = (_('{name} (client)').format(name=item.uploader_name) if item.from_client and self.staff
                       else item.uploader_name)
                ui.label(_('{size} · added by {name} · {time}').format(size=size_text(item.size), name=who,
                                                                        time=moment(item.created_at))) \
                    .classes('text-xs text-grey-8')
            if isinstance(self.actor, StaffActor):
                self._sharing(self.actor, item)
            if item.can_delete:
                button = ui.button(icon='delete', on_click=lambda i=item: self._delete(i)).props('flat round dense')
                button.props['aria-label'] = _('Delete {file}').format(file=item.file_name)

    def _sharing(self, staff: StaffActor, item: AttachmentView) -> None:
        if item.from_client:
            ui.label(_('From the client')).classes('text-xs rounded px-2 py-1 bg-blue-1 text-blue-10')
            return
        with ui.column().classes('gap-0'):
            shown = ui.switch(_('Show in portal'), value=item.show_in_portal).props('dense')
            emailed = ui.switch(_('Send with the email'), value=item.send_with_email).props('dense')
            emailed.set_visibility(item.show_in_portal)

            async def save() -> None:
                await self._run(attachments.set_sharing(staff, item.id, show_in_portal=bool(shown.value),
                                                        send_with_email=bool(emailed.value)))
            shown.on_value_change(save)
            emailed.on_value_change(save)

    async def _delete(self, item: AttachmentView) -> None:
        if await confirm(_('Delete {file}?').format(file=item.file_name), _('The file is removed for good.'),
                         yes=_('Delete file'), no=_('Cancel'), danger=True):
            await self._run(attachments.delete_attachment(self.actor, item.id, storage()))

    async def _run(self, action) -> None:
        """Then the list as it is now, whether it worked or not, unless the person is on their way to sign in."""
        if not isinstance((await run(action, message=self.message)).error, SessionEnded):
            await self.refresh()
