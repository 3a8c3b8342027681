"""The staff list of estimates or invoices: filters, a page of rows, and the page numbers.

On a wide screen the rows line up as a table; on a phone each row is a stacked card. Every row is one link, so
it can be opened with a tap, a click or the keyboard. Filters live in the address, so a list can be bookmarked
and the contacts page can link to one contact's documents.
"""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime
from urllib.parse import urlencode

from nicegui import ui

from components.common import live
from components.common.forms import run
from components.common.status_chip import partly_paid_and_overdue, status_chip
from components.staff.contact_picker import ContactPicker
from components.staff.pager import page_links
from domain.actors import StaffActor
from domain.documents import lists as document_lists
from domain.documents.ageing import AGE_FILTERS, clean_age
from domain.documents.lists import ESTIMATE_FILTERS, INVOICE_FILTERS, DocumentPage, DocumentRow, ListQuery
from domain.events import Event, EventKind
from domain.form_input import choice, page_number, record_id
from domain.formats import N_, _, day, moment, money, ngettext, number, short_moment
from domain.models import label
from domain.reminders.history import level_name, reminder_day, reminder_levels

SORT_CHOICES = {
    'date-desc': N_('Newest first'), 'date-asc': N_('Oldest first'), 'due-asc': N_('Due soonest'),
    'due-desc': N_('Due latest'), 'amount-desc': N_('Largest amount'), 'amount-asc': N_('Smallest amount'),
    'number-desc': N_('Number, high to low'), 'number-asc': N_('Number, low to high'),
}
KIND_CHOICES = {'': N_('Invoices and retainers'), 'invoice': N_('Invoices only'), 'retainer': N_('Retainers only')}
_GRID = 'grid grid-cols-[8rem_minmax(0,1fr)_7.5rem_6.5rem_8rem_6rem] gap-x-3 items-center'
_ROW = ('grid grid-cols-[minmax(0,1fr)_auto] md:grid-cols-[8rem_minmax(0,1fr)_7.5rem_6.5rem_8rem_6rem] '
        'gap-x-3 gap-y-0.5 items-center w-full')
# where each cell sits: column and row on a phone, then from the md breakpoint up
_AT = {
    'number': 'col-start-1 row-start-1 md:col-start-1 md:row-start-1',
    'date': 'col-start-1 row-start-3 md:col-start-1 md:row-start-2',
    'customer': 'col-start-1 row-start-2 md:col-start-2 md:row-start-1',
    'reference': 'max-md:hidden md:col-start-2 md:row-start-2',
    'status': 'col-start-2 row-start-1 justify-self-end md:justify-self-start md:col-start-3 md:row-start-1 '
              'md:row-span-2',
    'due': 'max-md:hidden md:col-start-4 md:row-start-1 md:row-span-2',
    'due_phone': 'md:hidden col-start-1 row-start-4',
    'amount': 'col-start-2 row-start-2 md:col-start-5 md:row-start-1',
    'owing': 'col-start-2 row-start-3 md:col-start-5 md:row-start-2',
    'viewed': 'col-start-2 row-start-4 justify-self-end md:justify-self-start md:col-start-6 md:row-start-1 '
              'md:row-span-2',
}


def viewed_mark(first: datetime | None, last: datetime | None, *, detailed: bool = False, sent: bool = True) -> None:
    """The eye that tells staff a client has opened the document, and when.

    In a list row the eye and the short time are for the eye only; a screen reader reads the row's viewed state
    from hidden text instead ("Viewed by the client, last ..." or "Not viewed by the client yet" once sent).
    """
    if first is None:
        if sent and not detailed:
            ui.label(_('Not viewed by the client yet')).classes('sr-only').mark('viewed-state')
        return
    latest = last or first
    if detailed:
        with ui.row().classes('items-start gap-2 no-wrap text-teal-10').mark('viewed'):
            ui.icon('visibility').props('aria-hidden=true').classes('text-xl')
            ui.label(_('Viewed by the client: first {first}, last {last}').format(first=moment(first),
                                                                                   last=moment(latest))) \
                .classes('text-sm')
        return
    with ui.row().classes('items-center gap-1 no-wrap text-teal-10').mark('viewed'):
        ui.icon('visibility').props('aria-hidden=true').classes('text-lg')
        ui.label(short_moment(latest)).classes('text-xs').props('aria-hidden=true')
        ui.label(_('Viewed by the client, last {moment}').format(moment=moment(latest))).classes('sr-only').mark('viewed-state')


class DocumentList:
    def __init__(self, actor: StaffActor, query: ListQuery) -> None:
        self.actor = actor
        self.query = query
        self.estimates = query.estimates
        self.noun = 'estimate' if self.estimates else 'invoice'
        self.base = '/staff/estimates' if self.estimates else '/staff/invoices'

    async def build(self) -> None:
        with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full') \
                .classes('lg:grid-cols-4' if self.estimates else 'lg:grid-cols-3 xl:grid-cols-6'):
            with ui.row().classes('w-full items-center gap-1 no-wrap'):
                self.search = ui.input(_('Search by number'), value=self.query.search) \
                    .props('outlined dense clearable debounce=300 type=search').classes('grow')
                self.search.on_value_change(lambda e: self._apply(search=e.value or ''))
                self.toggle = ui.button(icon='tune', on_click=self._toggle_filters) \
                    .props('flat round aria-expanded=false').classes('sm:hidden')
                self.toggle.props['aria-label'] = _('Filters and sorting')
            # on a phone the filters fold away behind the button; on wider screens they join the grid
            self.filters = ui.element('div').classes('max-sm:hidden flex flex-col gap-3 sm:contents')
            with self.filters:
                await self._filter_fields()
        self.message = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
        self.results = ui.column().classes('w-full gap-2')
        self.row_ids: set[int] = set()
        await self.reload()
        live.follow(self._affects, lambda _events: self.reload())

    async def _filter_fields(self) -> None:
        choices = ESTIMATE_FILTERS if self.estimates else INVOICE_FILTERS
        options = {'': _('All statuses'), **{value: _('Unpaid (all open)') if value == 'unpaid' else label(value)
                                             for value in choices}}
        ui.select(options, label=_('Status'), value=self.query.status,
                  on_change=lambda e: self._apply(status=e.value or '')).props('outlined dense').classes('w-full')
        picker = await ContactPicker.create(self.actor, value=self.query.contact_id, clearable=True,
                                            on_change=lambda value: self._apply(contact_id=value))
        picker.select.props('dense', remove='hint').classes('w-full')
        sort = f'{self.query.sort}-{"desc" if self.query.descending else "asc"}'
        ui.select({key: _(text) for key, text in SORT_CHOICES.items()}, label=_('Sort by'), value=sort if sort in SORT_CHOICES else 'date-desc',
                  on_change=lambda e: self._sort(e.value)).props('outlined dense').classes('w-full')
        if not self.estimates:
            ui.select({key: _(text) for key, text in KIND_CHOICES.items()},
                      label=_('Kind'), value=self.query.kind, on_change=lambda e: self._apply(kind=e.value or '')) \
                .props('outlined dense').classes('w-full')
            ui.select({'': _('All ages'), **{key: _(text) for key, text in AGE_FILTERS.items()}}, label=_('Age'), value=self.query.age,
                      on_change=lambda e: self._apply(age=e.value or '')).props('outlined dense').classes('w-full') \
                .mark('age-filter')
            levels = {str(days): _('Level {number}, {when}').format(number=number, when=level_name(days))
                      for number, days in await reminder_levels(self.actor)}
            chosen = '' if self.query.reminded is None else str(self.query.reminded)
            if chosen and chosen not in levels:  # a level since removed from the schedule
                levels[chosen] = level_name(self.query.reminded or 0)
            ui.select({'': _('Reminded or not'), **levels}, label=_('Reminded at'), value=chosen,
                      on_change=lambda e: self._apply(reminded=reminder_day(e.value or ''))) \
                .props('outlined dense').classes('w-full').mark('reminded-filter')

    def _toggle_filters(self) -> None:
        self.filters.classes(toggle='max-sm:hidden')
        self.toggle.props(f'aria-expanded={"false" if "max-sm:hidden" in self.filters.classes else "true"}')

    def _affects(self, event: Event) -> bool:
        """A view changes only its own row; other document and payment changes may move rows in or out."""
        if event.kind == EventKind.DOCUMENT_VIEWED:
            return event.document_id in self.row_ids
        return event.kind.startswith(('document.', 'payment.')) or (event.kind == EventKind.REMINDER_SENT
                                                                    and self.query.reminded is not None)

    async def _sort(self, value: str) -> None:
        sort, _sep, direction = (value or 'date-desc').partition('-')
        await self._apply(sort=sort, descending=direction != 'asc')

    async def _apply(self, **changes) -> None:
        if 'page' not in changes:
            changes['page'] = 1
        self.query = replace(self.query, **changes)
        ui.navigate.history.replace(self.url(self.query))
        await self.reload()

    def url(self, query: ListQuery) -> str:
        params = {'status': query.status, 'contact': query.contact_id or '', 'kind': query.kind, 'age': query.age,
                  'reminded': '' if query.reminded is None else query.reminded, 'q': query.search,
                  'sort': '' if query.sort == 'date' and query.descending else
                  f'{query.sort}-{"desc" if query.descending else "asc"}',
                  'page': query.page if query.page > 1 else ''}
        params = {key: value for key, value in params.items() if value}
        return self.base + (f'?{urlencode(params)}' if params else '')

    async def reload(self) -> None:
        page = (await run(document_lists.list_documents(self.actor, self.query), message=self.message)).value
        if page is None:
            return
        self.row_ids = {row.id for row in page.rows}
        self.results.clear()
        with self.results:
            self._summary(page)
            if page.rows:
                self._table(page)
                page_links(page.page, page.pages, lambda number: self._apply(page=number))

    def _summary(self, page: DocumentPage) -> None:
        with ui.row().classes('w-full items-baseline justify-between gap-2 text-sm text-grey-9'):
            if page.count:
                numbers = {'first': number(page.first), 'last': number(page.last), 'count': number(page.count)}
                # English says "1 to 1 of 1 invoices" as it always did; other languages choose their plural form
                text = ngettext('{first} to {last} of {count} estimates', '{first} to {last} of {count} estimates',
                                page.count) if self.estimates else \
                    ngettext('{first} to {last} of {count} invoices', '{first} to {last} of {count} invoices',
                             page.count)
                ui.label(text.format(**numbers)).props('role=status').mark('list-summary')
            else:
                filtered = any((self.query.status, self.query.contact_id, self.query.search, self.query.kind,
                                self.query.age, self.query.reminded is not None))
                if self.estimates:
                    text = _('No estimates match these filters.') if filtered else \
                        _('No estimates yet. Create the first one with "New estimate".')
                else:
                    text = _('No invoices match these filters.') if filtered else \
                        _('No invoices yet. Create the first one with "New invoice".')
                ui.label(text).props('role=status').mark('list-summary')
            if page.count and not self.estimates:
                ui.label(_('Total {total} · Balance due {balance}').format(total=money(page.total),
                                                                          balance=money(page.balance))) \
                    .classes('font-medium')
            elif page.count:
                ui.label(_('Total {total}').format(total=money(page.total))).classes('font-medium')

    def _table(self, page: DocumentPage) -> None:
        with ui.card().classes('w-full p-0 gap-0').props('flat bordered'):
            with ui.element('div').classes(f'{_GRID} max-md:hidden w-full px-4 py-2 bg-grey-2 text-xs uppercase '
                                           'font-medium text-grey-9').props('aria-hidden=true'):
                for title in (_('Number'), _('Customer'), _('Status'), _('Expires') if self.estimates else _('Due date')):
                    ui.label(title)
                ui.label(_('Amount')).classes('text-right')
                ui.label(_('Viewed'))
            rows = ui.element('div').classes('w-full').props('role=list')
            rows.props['aria-label'] = _('Estimates') if self.estimates else _('Invoices')
            with rows:
                for row in page.rows:
                    self._row(row)

    def _row(self, row: DocumentRow) -> None:
        """One link per document: a table row on wide screens, a stacked card on a phone.

        One set of elements placed on a grid per screen size, so a page of 25 stays light to build.
        """
        due = day(row.due_date) if row.due_date else '—'
        owing = not self.estimates and row.status not in {'draft', 'void', 'paid'} and row.balance != row.total
        with ui.element('div').props('role=listitem').classes('border-t border-gray-200 first:border-t-0'), \
                ui.link(target=f'{self.base}/{row.id}').classes(f'{_ROW} px-4 py-3 no-underline text-grey-10 '
                                                                'hover:bg-blue-grey-1'):
            ui.label(row.number).classes(f'{_AT["number"]} font-medium text-primary')
            ui.label(_('{date} · Retainer').format(date=day(row.issue_date)) if row.kind == 'retainer' else
                     day(row.issue_date)) \
                .classes(f'{_AT["date"]} text-xs text-grey-8')
            ui.label(row.contact_name).classes(f'{_AT["customer"]} truncate')
            if row.reference:
                ui.label(row.reference).classes(f'{_AT["reference"]} text-xs text-grey-8 truncate')
            if partly_paid_and_overdue(row.status, row.total, row.balance):
                with ui.row().classes(f'{_AT["status"]} gap-1'):
                    status_chip(row.status)
                    status_chip('partially_paid')
            else:
                status_chip(row.status).classes(_AT['status'])
            ui.label(due).classes(f'{_AT["due"]} text-sm')
            ui.label(_('expires {date}').format(date=due) if self.estimates else _('due {date}').format(date=due)) \
                .classes(f'{_AT["due_phone"]} text-xs text-grey-8')
            ui.label(money(row.total, row.currency)).classes(f'{_AT["amount"]} font-medium text-right')
            if owing:
                ui.label(_('Due {amount}').format(amount=money(row.balance, row.currency))).classes(f'{_AT["owing"]} text-xs text-grey-8 '
                                                                            'text-right')
            with ui.element('div').classes(_AT['viewed']):
                viewed_mark(row.first_viewed_at, row.last_viewed_at, sent=row.status != 'draft')


def query_from_params(*, estimates: bool, status: str = '', contact: str = '', kind: str = '', q: str = '',
                      sort: str = '', page: str = '', age: str = '', reminded: str = '') -> ListQuery:
    """The list query from the address; anything that does not parse is ignored."""
    column, _sep, direction = (sort or 'date-desc').partition('-')
    return ListQuery(
        estimates=estimates, status=choice(status, ESTIMATE_FILTERS if estimates else INVOICE_FILTERS, ''),
        contact_id=record_id(contact),
        kind=choice(kind, {'invoice', 'retainer'}, '') if not estimates else '', search=q[:40],
        sort=choice(column, document_lists.SORTS, 'date'), descending=direction != 'asc',
        page=page_number(page), age='' if estimates else clean_age(age),
        reminded=None if estimates else reminder_day(reminded))
