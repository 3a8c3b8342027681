"""The acceptance record on the staff estimate page: who accepted, when, from where, their signature, and the
SHA-256 of the content they accepted; or, when staff marked it accepted for the client, who did, when and why."""
from __future__ import annotations

import base64

from nicegui import ui

from components.common.heading import Heading
from domain.documents.acceptance import AcceptanceView
from domain.formats import N_, _, moment

KINDS = {'drawn': N_('Drawn signature'), 'typed': N_('Typed name drawn as signature'),
         '': N_('No signature was asked for')}


def acceptance_record(record: AcceptanceView) -> None:
    if record.by_staff:
        staff_record(record)
        return
    with ui.card().classes('w-full gap-2 bg-green-1').props('flat bordered').mark('acceptance-record'):
        Heading(_('Accepted in the client portal'), level=2)
        ui.label(_('Accepted by {name} on {date}').format(name=record.typed_name, date=moment(record.accepted_at))) \
            .classes('font-medium')
        if record.signature_png:
            source = 'data:image/png;base64,' + base64.b64encode(record.signature_png).decode()
            image = ui.image(source).classes('w-64 max-w-full bg-white border border-gray-300 rounded')
            image.props['alt'] = _('Signature of {name}').format(name=record.typed_name)
        with ui.grid().classes('grid-cols-1 sm:grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm'):
            for name, value in (
                    (_('Signed in as'), f'{record.person_name} ({record.person_email})'),
                    (_('Signature'), _(KINDS[record.signature_kind]) if record.signature_kind in KINDS
                     else record.signature_kind),
                    (_('Network address'), record.ip or _('unknown')),
                    (_('Browser'), record.user_agent or _('unknown')),
                    (_('Content SHA-256'), record.content_sha256)):
                ui.label(name).classes('text-grey-9')
                ui.label(value).classes('break-all')


def staff_record(record: AcceptanceView) -> None:
    with ui.card().classes('w-full gap-2 bg-green-1').props('flat bordered').mark('acceptance-record'):
        Heading(_('Marked as accepted by staff'), level=2)
        ui.label(_('Marked as accepted by {name} on {date}').format(name=record.staff_name,
                                                                   date=moment(record.accepted_at))) \
            .classes('font-medium')
        with ui.grid().classes('grid-cols-1 sm:grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm'):
            ui.label(_('Reason')).classes('text-grey-9')
            ui.label(record.reason).classes('whitespace-pre-line break-words')
            ui.label(_('Content SHA-256')).classes('text-grey-9')
            ui.label(record.content_sha256).classes('break-all')
