"""Staff: the audit trail, for the owner only. Who did what, when and from where, with the changes in words,
filtered by person, contact, document, kind and days, newest first, a page at a time; the rows as filtered
download as CSV (`/staff/audit.csv`, streamed)."""
from __future__ import annotations

from dataclasses import replace
from datetime import date
from urllib.parse import urlencode

from fastapi import Request
from fastapi.responses import PlainTextResponse, Response, StreamingResponse
from nicegui import APIRouter, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import run
from components.staff.contact_picker import ContactPicker
from components.staff.frame import staff_frame
from components.staff.pager import page_links
from domain.actors import StaffActor
from domain.audit import reading
from domain.audit.reading import TrailFilter, TrailPage, TrailRow
from domain.errors import Invalid, NotAllowed
from domain.form_input import page_number, record_id
from domain.formats import _, moment, ngettext, number
from integrations.web import request_actor

router = APIRouter()


@router.page('/staff/audit')
async def audit_page(*, who: str = '', contact: str = '', document: str = '', kind: str = '', start: str = '',
                     end: str = '', page: str = '') -> None:
    async with staff_frame(_('Audit trail')) as actor:
        chosen = _chosen(who, contact, document, kind, start, end)
        try:
            options = await reading.choices(actor, chosen.contact_id)
        except NotAllowed as error:
            with ui.card().classes('w-full').props('flat bordered role=alert'):
                ui.label(error.message).classes('text-grey-10')
            return
        await TrailList(actor, chosen, page_number(page), options).build()


def _chosen(*texts: str) -> TrailFilter:
    """The filters as the address gives them (`_params` writes them), each cut to a sane length; a day that is not
    a date falls back to none, as unknown filters do everywhere."""
    who, contact, document, kind, start, end = texts
    return TrailFilter(who=who[:30], contact_id=record_id(contact), document=document[:40], action=kind[:40],
                       since=_day(start), until=_day(end))


def _day(text: str) -> str:
    try:
        return date.fromisoformat(text[:10]).isoformat()
    except ValueError:
        return ''


def _params(chosen: TrailFilter, page: int = 1) -> dict[str, str]:
    params = {'who': chosen.who, 'contact': str(record_id(chosen.contact_id) or ''), 'document': chosen.document,
              'kind': chosen.action, 'start': chosen.since, 'end': chosen.until,
              'page': str(page) if page > 1 else ''}
    return {key: value for key, value in params.items() if value}


class TrailList:
    def __init__(self, actor: StaffActor, chosen: TrailFilter, page: int, options: reading.Choices) -> None:
        self.actor = actor
        self.chosen = chosen
        self.page = page
        self.options = options
        self.inputs: dict[str, ValidationElement] = {}

    async def build(self) -> None:
        with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 lg:grid-cols-3 gap-3 w-full'):
            picker = await ContactPicker.create(self.actor, value=record_id(self.chosen.contact_id), clearable=True,
                                                label=_('Contact'), on_change=self._contact)
            picker.select.props('dense', remove='hint')
            self.people = ui.select({'': _('Everyone'), **self.options.people}, label=_('Person'),
                                    value=self.chosen.who if self.chosen.who in self.options.people else '',
                                    on_change=lambda e: self._apply(who=e.value or '')) \
                .props('outlined dense').mark('audit-person')
            self.inputs['document'] = ui.input(_('Document number'), value=self.chosen.document) \
                .props('outlined dense clearable').mark('audit-document')
            self.inputs['document'].on('keydown.enter', lambda: self._apply(document=self.inputs['document'].value))
            self.inputs['document'].on('blur', lambda: self._apply(document=self.inputs['document'].value))
            ui.select({'': _('Every kind'), **self.options.actions}, label=_('Kind'),
                      value=self.chosen.action if self.chosen.action in self.options.actions else '',
                      on_change=lambda e: self._apply(action=e.value or '')).props('outlined dense').mark('audit-kind')
            self.inputs['since'] = ui.input(_('From date'), value=self.chosen.since,
                                            on_change=lambda e: self._apply(since=e.value or '')) \
                .props('outlined dense type=date stack-label')
            self.inputs['until'] = ui.input(_('To date'), value=self.chosen.until,
                                            on_change=lambda e: self._apply(until=e.value or '')) \
                .props('outlined dense type=date stack-label')
        self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
        self.results = ui.column().classes('w-full gap-2')
        await self.reload()

    async def _contact(self, contact_id: int | None) -> None:
        options = (await run(reading.choices(self.actor, contact_id), message=self.message)).value
        if options is not None:
            self.options = options
            self.people.set_options({'': _('Everyone'), **options.people}, value='')
        await self._apply(contact_id=contact_id, who='')

    async def _apply(self, page: int = 1, **changes) -> None:
        changes = {key: (value or '').strip() if isinstance(value, str) else value for key, value in changes.items()}
        if all(getattr(self.chosen, key) == value for key, value in changes.items()) and page == self.page:
            return
        self.chosen = replace(self.chosen, **changes)
        self.page = page
        params = _params(self.chosen, page)
        ui.navigate.history.replace('/staff/audit' + (f'?{urlencode(params)}' if params else ''))
        await self.reload()

    async def reload(self) -> None:
        found = (await run(reading.trail(self.actor, self.chosen, self.page), inputs=self.inputs,
                           message=self.message)).value
        if found is None:
            return
        self.results.clear()
        with self.results:
            self._summary(found)
            with ui.element('div').classes('w-full').props('role=list') as rows:
                rows.props['aria-label'] = _('Audit trail')
                for row in found.rows:
                    self._row(row)
            page_links(found.page, found.pages, lambda chosen: self._apply(page=chosen))

    def _summary(self, found: TrailPage) -> None:
        with ui.row().classes('w-full items-baseline justify-between gap-2 text-sm text-grey-9'):
            text = ngettext('{count} entry', '{count} entries', found.total).format(count=number(found.total)) \
                if found.total else _('Nothing in the trail matches these filters.')
            ui.label(text).props('role=status').mark('audit-summary')
            params = _params(self.chosen)
            ui.link(_('Download CSV'), '/staff/audit.csv' + (f'?{urlencode(params)}' if params else '')) \
                .classes('text-blue-9').mark('audit-csv')

    def _row(self, row: TrailRow) -> None:
        with ui.card().props('flat bordered role=listitem').classes('w-full gap-1 px-4 py-3').mark('audit-row'):
            with ui.row().classes('w-full items-baseline justify-between gap-x-3 gap-y-0'):
                ui.label(row.action).classes('font-medium')
                ui.label(moment(row.at)).classes('text-sm text-grey-8')
            where = _('from {address}').format(address=row.ip) if row.ip else ''
            ui.label(' · '.join(part for part in (row.who, where) if part)).classes('text-sm text-grey-9')
            subject = ' · '.join(part for part in (row.contact, row.target) if part)
            if subject:
                ui.label(subject).classes('text-sm')
            for change in row.changes:
                ui.label(change).classes('text-sm text-grey-10 break-words')
            if row.note:
                ui.label(row.note).classes('text-sm text-grey-8 break-words')


@router.get('/staff/audit.csv', include_in_schema=False)
async def audit_csv(request: Request, *, who: str = '', contact: str = '', document: str = '', kind: str = '',
                    start: str = '', end: str = '') -> Response:
    actor = request_actor(request)
    if not isinstance(actor, StaffActor):
        return PlainTextResponse(_('Not found'), status_code=404)
    lines = reading.csv_lines(actor, _chosen(who, contact, document, kind, start, end))
    try:
        first = await anext(lines)
    except NotAllowed:
        return PlainTextResponse(_('Not found'), status_code=404)
    except Invalid as error:  # a day that is not a date
        return PlainTextResponse(error.message, status_code=400)

    async def body():
        yield first
        async for chunk in lines:
            yield chunk
    return StreamingResponse(body(), media_type='text/csv; charset=utf-8',
                             headers={'Content-Disposition': 'attachment; filename="audit-trail.csv"',
                                      'Cache-Control': 'no-store'})
