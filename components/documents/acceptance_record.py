"""The acceptance record on the staff estimate page: who accepted, when, from where, their signature, and the
SHA-256 of the content they accepted."""
from __future__ import annotations

import base64

from nicegui import ui

from components.common.heading import Heading
from domain.documents.acceptance import AcceptanceView
from domain.formats import moment

KINDS = {'drawn': 'Drawn signature', 'typed': 'Typed name drawn as signature', '': 'No signature was asked for'}


def acceptance_record(record: AcceptanceView) -> None:
    with ui.card().classes('w-full gap-2 bg-green-1').props('flat bordered').mark('acceptance-record'):
        Heading('Accepted in the client portal', level=2)
        ui.label(f'Accepted by {record.typed_name} on {moment(record.accepted_at)}').classes('font-medium')
        if record.signature_png:
            source = 'data:image/png;base64,' + base64.b64encode(record.signature_png).decode()
            image = ui.image(source).classes('w-64 max-w-full bg-white border border-gray-300 rounded')
            image.props['alt'] = f'Signature of {record.typed_name}'
        with ui.grid().classes('grid-cols-1 sm:grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm'):
            for name, value in (
                    ('Signed in as', f'{record.person_name} ({record.person_email})'),
                    ('Signature', KINDS.get(record.signature_kind, record.signature_kind)),
                    ('Network address', record.ip or 'unknown'),
                    ('Browser', record.user_agent or 'unknown'),
                    ('Content SHA-256', record.content_sha256)):
                ui.label(name).classes('text-grey-9')
                ui.label(value).classes('break-all')
