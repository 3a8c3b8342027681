"""Sent mail: every email the portal wrote, whether it went out, why not, and what it said."""
from __future__ import annotations

from urllib.parse import urlencode

from nicegui import APIRouter, ui

from components.common import live
from components.common.forms import run
from components.common.frame import current_actor
from components.common.heading import Heading
from components.staff.frame import staff_frame
from components.staff.pager import pager
from domain.actors import StaffActor
from domain.errors import NotFound
from domain.events import EventKind
from domain.form_input import choice, page_number, record_id
from domain.formats import N_, _, moment, ngettext, number
from domain.mail import outbox
from domain.mail.attachments import mail_attachments
from domain.mail.outbox import MailPage, MailRow
from domain.models import MailStatus, label

router = APIRouter()

_CHIP = {'pending': 'bg-amber-1 text-brown-10', 'sent': 'bg-green-1 text-green-10', 'failed': 'bg-red-1 text-red-10'}
_GRID = 'grid grid-cols-1 sm:grid-cols-[6rem_minmax(0,1fr)_minmax(0,2fr)_9.5rem] gap-x-3 gap-y-1'
_FILTERS = {'': N_('All'), 'pending': N_('Pending'), 'sent': N_('Sent'), 'failed': N_('Failed')}


def mail_chip(status: str) -> ui.label:
    return ui.label(label(status)).classes('inline-block rounded px-2 py-0.5 text-xs font-medium uppercase '
                                           f'tracking-wide {_CHIP.get(status, "")}')


def no_server_notice() -> None:
    if outbox.delivery_configured():
        return
    with ui.card().classes('w-full bg-blue-1 text-blue-10 gap-1').props('flat role=note'):
        ui.label(_('No mail server is set up, so emails are kept here instead of being sent.')) \
            .classes('font-medium')
        ui.label(_('Open an email to read it and to copy its links, such as a portal invitation. Set SMTP_HOST to '
                   'deliver them; everything waiting here then goes out.')).classes('text-sm')


@router.page('/staff/mail')
async def mail_page(status: str = '', q: str = '', page: str = '1', contact: str = '') -> None:
    async with staff_frame(_('Sent mail')) as actor:
        no_server_notice()
        view = MailList(actor, choice(status, _FILTERS, ''), q, page_number(page), record_id(contact) or 0)
        await view.show()
        live.follow(lambda e: e.kind == EventKind.MAIL_CHANGED, lambda _: view.load())


class MailList:
    def __init__(self, actor: StaffActor, status: str, search: str, page: int, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id
        self.status = status
        self.search = search
        self.page = page
        self.data: MailPage | None = None
        self.generation = 0

    async def show(self) -> None:
        with ui.row().classes('w-full items-center gap-2'):
            self.filters()
            search = ui.input(placeholder=_('Search recipient or subject'), value=self.search,
                              on_change=lambda e: self.go(1, search=e.value or '')) \
                .props('outlined dense clearable debounce=300 type=search') \
                .classes('grow min-w-[12rem]').mark('mail-search')
            search.props['aria-label'] = _('Search sent mail')
        self.list_view()
        await self.load()

    async def load(self) -> None:
        self.generation += 1
        generation = self.generation
        try:
            data = await outbox.list_mail(self.actor, status=self.status, search=self.search, page=self.page,
                                          contact_id=self.contact_id)
        except NotFound:
            self.contact_id = 0
            await self.go(1)
            return
        if generation != self.generation:
            return
        self.data, self.page = data, data.page
        self.filters.refresh()
        self.list_view.refresh()

    @ui.refreshable_method
    def filters(self) -> None:
        counts = self.data.counts if self.data else {}
        with ui.element('nav').classes('row gap-1') as nav:
            nav.props['aria-label'] = _('Show emails by status')
            for key, name in _FILTERS.items():
                count = counts.get(key, 0) if key else sum(counts.values())
                query = urlencode(self._query(status=key))
                active = key == self.status
                link = ui.link(_('{status} ({count})').format(status=_(name), count=number(count)), '/staff/mail' + (f'?{query}' if query else '')) \
                    .classes('px-3 py-1 rounded-full text-sm no-underline border '
                             + ('bg-primary text-white border-transparent' if active else 'text-grey-10 bg-white border-gray-300'))
                if active:
                    link.props('aria-current=page')

    async def go(self, page: int, *, search: str | None = None) -> None:
        if search is not None:
            self.search = search
        self.page = page
        query = self._query(page=self.page if self.page > 1 else '')
        ui.navigate.history.replace('/staff/mail' + (f'?{urlencode(query)}' if query else ''))
        await self.load()

    def _query(self, **changes) -> dict:
        values = {'status': self.status, 'q': self.search, 'contact': self.contact_id or '', **changes}
        return {key: value for key, value in values.items() if value}

    @ui.refreshable_method
    def list_view(self) -> None:
        data = self.data
        if data is not None and data.contact_name:
            with ui.row().classes('w-full items-center gap-2 text-sm'):
                ui.label(_('Only emails about {contact}.').format(contact=data.contact_name)).classes('text-grey-9')
                ui.link(_('Show all emails'), '/staff/mail').classes('text-primary')
        if data is None:
            ui.skeleton(height='12rem').classes('w-full')
            return
        if not data.rows:
            with ui.card().classes('w-full items-center py-10').props('flat bordered'):
                ui.icon('mark_email_read', size='2.5rem').classes('text-grey-7').props('aria-hidden=true')
                ui.label(_('No emails here.') if self.status or self.search else _('No emails yet.')).classes('text-grey-9')
            return
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            with ui.element('div').classes(f'{_GRID} w-full px-3 py-2 bg-grey-2 text-xs uppercase text-grey-9 '
                                           'font-medium max-sm:hidden').props('aria-hidden=true'):
                for title in (_('Status'), _('To'), _('Subject'), _('Written')):
                    ui.label(title)
            with ui.element('div').classes('w-full').props('role=list') as rows:
                rows.props['aria-label'] = _('Emails')
                for row in data.rows:
                    self.row(row)
        pager(data.page, data.pages, data.total,
              ngettext('{count} email', '{count} emails', data.total).format(count=number(data.total)), self.go)

    def row(self, row: MailRow) -> None:
        with ui.element('div').classes(f'{_GRID} px-3 py-3 border-t border-gray-200 items-start').props('role=listitem') \
                .mark(f'mail-{row.id}'):
            with ui.element('div'):
                mail_chip(row.status)
            with ui.column().classes('gap-0 min-w-0'):
                if row.to_name:
                    ui.label(row.to_name).classes('text-sm font-medium break-words')
                ui.label(row.to_address).classes('text-sm text-grey-8 break-all')
            with ui.column().classes('gap-1 min-w-0'):
                ui.link(row.subject, f'/staff/mail/{row.id}').classes('text-primary break-words')
                if row.last_error:
                    ui.label(row.last_error).classes('text-sm text-red-10 break-words')
                if row.status == MailStatus.FAILED:
                    ui.button(_('Retry'), icon='refresh', on_click=lambda r=row: self.retry(r)) \
                        .props('outline dense no-caps').classes('self-start px-2')
            ui.label(moment(row.sent_at or row.created_at)).classes('text-sm text-grey-8')

    async def retry(self, row: MailRow) -> None:
        if (await run(outbox.retry_mail(self.actor, row.id), success=_('The email will be sent again.'))).ok:
            await self.load()


@router.page('/staff/mail/{mail_id}')
async def mail_detail_page(mail_id: str) -> None:
    actor = current_actor(StaffActor)
    try:
        detail = await outbox.get_mail(actor, mail_id)
    except NotFound:
        ui.status_code(404)
        async with staff_frame(_('Email not found')):
            ui.label(_('This email does not exist.')).classes('text-grey-9')
            ui.link(_('Back to sent mail'), '/staff/mail').classes('text-primary')
        return
    row = detail.row
    attachments = await mail_attachments(actor, mail_id)
    async with staff_frame(row.subject):
        no_server_notice()
        ui.link(_('← All sent mail'), '/staff/mail').classes('text-primary -mt-2')
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.row().classes('w-full items-center gap-2'):
                mail_chip(row.status)
                if row.status == MailStatus.FAILED:
                    async def retry() -> None:
                        if (await run(outbox.retry_mail(actor, row.id),
                                          success=_('The email will be sent again.'))).ok:
                            ui.navigate.reload()
                    ui.button(_('Retry'), icon='refresh', on_click=retry).props('outline dense no-caps').classes('px-2')
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-3'):
                _fact(_('To'), f'{row.to_name} <{row.to_address}>' if row.to_name else row.to_address)
                if detail.contact_id:
                    with ui.column().classes('gap-0'):
                        ui.label(_('Contact')).classes('text-xs uppercase tracking-wide text-grey-8')
                        ui.link(detail.contact_name, f'/staff/contacts/{detail.contact_id}').classes('text-primary')
                _fact(_('Written'), moment(row.created_at))
                if row.sent_at:
                    _fact(_('Sent'), moment(row.sent_at))
                _fact(_('Attempts'), number(row.attempts))
                if row.status == MailStatus.PENDING and row.next_attempt_at:
                    _fact(_('Next attempt'), moment(row.next_attempt_at))
                if attachments:
                    with ui.column().classes('gap-0 min-w-0').mark('attachments'):
                        ui.label(_('Attachments')).classes('text-xs uppercase tracking-wide text-grey-8')
                        for attachment in attachments:
                            if attachment.available:
                                with ui.link(target=attachment.path(row.id), new_tab=True) \
                                        .classes('text-primary row items-center gap-1 no-wrap'):
                                    ui.icon('picture_as_pdf', size='1.1rem').props('aria-hidden=true')
                                    ui.label(attachment.name)
                            else:
                                ui.label(attachment.name).classes('text-grey-9')
            if row.last_error:
                with ui.column().classes('gap-0'):
                    ui.label(_('Problem')).classes('text-xs uppercase tracking-wide text-grey-8')
                    ui.label(row.last_error).classes('text-red-10 break-words')
        if detail.links:
            Heading(_('Links in this email'), level=2)
            with ui.column().classes('w-full gap-1'):
                for link in detail.links:
                    with ui.row().classes('w-full items-center no-wrap gap-2'):
                        ui.link(link, link, new_tab=True).classes('text-primary break-all min-w-0')
                        copy = ui.button(icon='content_copy', on_click=lambda url=link: _copy(url)) \
                            .props('flat round dense').classes('shrink-0')
                        copy.props['aria-label'] = _('Copy the link')
        Heading(_('Text of the email'), level=2)
        with ui.card().classes('w-full').props('flat bordered'):
            ui.label(detail.text_body).classes('w-full min-w-0 whitespace-pre-wrap break-words font-mono text-sm').mark('mail-text')


def _copy(url: str) -> None:
    ui.clipboard.write(url)
    ui.notify(_('Link copied.'))


def _fact(name: str, value: str) -> None:
    with ui.column().classes('gap-0 min-w-0'):
        ui.label(name).classes('text-xs uppercase tracking-wide text-grey-8')
        ui.label(value).classes('break-words')
