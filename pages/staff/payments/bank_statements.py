"""Staff: upload a bank statement (CAMT.053, or CSV with a column mapping chosen once), then confirm, change or skip
the invoice suggested for each incoming credit. Credits not handled yet stay listed here."""
from __future__ import annotations

import asyncio

from nicegui import APIRouter, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common import live
from components.common.forms import alert, run
from components.common.heading import Heading
from components.payments.statement_upload import StatementUpload
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.events import Event, EventKind
from domain.formats import N_, _, day, money, ngettext, number
from domain.payments.bank.csv_import import DATE_FORMATS, DELIMITERS, FIELDS
from domain.payments.bank.mappings import MappingForm, list_mappings, save_mapping
from domain.payments.bank.review import InvoiceChoice, LineView, find_invoices, open_lines
from domain.payments.bank.statements import confirm_line, skip_line

router = APIRouter()
CAMT = 0
FIELD_LABELS = {'date': N_('Booking date column'), 'amount': N_('Amount column'), 'currency': N_('Currency column'),
                'payer': N_('Payer name column'), 'remittance': N_('Remittance text column'),
                'reference': N_('Creditor reference column'), 'booking_ref': N_('Bank reference column')}


def basis_text(basis: str) -> str:
    return {'reference': _('by its RF reference'), 'number': _('by the invoice number in the text'),
            'amount_name': _('by amount and payer name')}.get(basis, '')


@router.page('/staff/payments/bank')
async def bank_page() -> None:
    async with staff_frame(_('Bank statements')) as actor:
        page = BankPage(actor)
        await page.build()


class BankPage:
    def __init__(self, actor: StaffActor) -> None:
        self.actor = actor
        self.rows: dict[int, ui.card] = {}  # each open line's row, kept while the line stays open
        self._refreshing = asyncio.Lock()  # one refresh at a time, whether an action or a live event asks

    async def build(self) -> None:
        with ui.card().classes('w-full gap-3'):
            Heading(_('Upload a statement'), level=2)
            self.format = ui.select({CAMT: _('CAMT.053 (ISO 20022 XML)')}, value=CAMT, label=_('Format'),
                                    on_change=self._format_changed).props('outlined').classes('w-full sm:w-96')
            await self._load_mappings()
            self.upload = StatementUpload('/staff/bank-statements', _('Statement file')).classes('w-full')
            self.upload.on('uploaded', self._imported)
            self.result = ui.column().classes('w-full gap-1').props('role=status')
            with ui.expansion(_('New CSV column mapping')).classes('w-full'):
                self._mapping_form()
        with ui.column().classes('w-full gap-2'):
            Heading(_('Credits to match'), level=2)
            self.count = ui.label().classes('text-sm text-grey-9')
            self.lines = ui.column().classes('w-full gap-2').mark('bank_lines')
        await self.refresh()
        live.follow(self._wanted, lambda _events: self.refresh(), delay=0.3)

    @staticmethod
    def _wanted(event: Event) -> bool:
        return event.kind in (EventKind.PAYMENT_RECORDED, EventKind.PAYMENT_DELETED)

    async def _load_mappings(self) -> None:
        mappings = (await run(list_mappings(self.actor))).value or []
        self.format.set_options({CAMT: _('CAMT.053 (ISO 20022 XML)'),
                                 **{m.id: _('CSV: {name}').format(name=m.name) for m in mappings}},
                                value=self.format.value)

    def _format_changed(self) -> None:
        chosen = self.format.value
        self.upload.props['url'] = '/staff/bank-statements' + (f'?mapping={int(chosen)}' if chosen else '')

    async def _imported(self, event) -> None:
        answer = event.args or {}
        self.result.clear()
        with self.result:
            ui.label(_('{new} new credits imported, {known} imported before.').format(
                new=number(int(answer.get('new', 0))), known=number(int(answer.get('known', 0))))) \
                .classes('text-sm font-medium')
            for skipped in answer.get('skipped', [])[:50]:
                ui.label(_('Skipped: {line}: {reason}').format(line=str(skipped.get('line', '')),
                                                               reason=str(skipped.get('reason', '')))) \
                    .classes('text-sm text-grey-9')
        await self.refresh()

    def _mapping_form(self) -> None:
        inputs: dict[str, ValidationElement] = {}
        name = ui.input(_('Mapping name, like your bank')).props('outlined maxlength=100').classes('w-full')
        inputs['name'] = name
        with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'):
            for key in FIELDS:
                element = ui.input(_(FIELD_LABELS[key])).props('outlined dense maxlength=100').mark(f'column_{key}')
                inputs[key] = element
            delimiter = ui.select({d: repr(d) for d in DELIMITERS}, value=',', label=_('Separator')) \
                .props('outlined dense')
            date_format = ui.select({f: f.replace('%d', 'DD').replace('%m', 'MM').replace('%Y', 'YYYY')
                                     for f in DATE_FORMATS}, value=DATE_FORMATS[0], label=_('Date format')) \
                .props('outlined dense')
            account = ui.input(_('Account (IBAN)')).props('outlined dense maxlength=70')
        inputs.update(delimiter=delimiter, date_format=date_format, account=account)
        comma = ui.checkbox(_('Amounts use a decimal comma (1.234,56)'))
        message = alert()

        async def save() -> None:
            form = MappingForm(name.value or '', {key: inputs[key].value or '' for key in FIELDS},
                               delimiter.value or ',', bool(comma.value), date_format.value or '',
                               account.value or '')
            saved = (await run(save_mapping(self.actor, form), inputs=inputs, message=message,
                               success=_('Mapping saved.'))).value
            if saved is not None:
                await self._load_mappings()
                self.format.set_value(saved)
        ui.button(_('Save mapping'), on_click=save).props('unelevated no-caps')

    async def refresh(self) -> None:
        """Take away the rows of lines handled since, add those of new lines, and leave the others as they are: a row
        staff are choosing an invoice in is never drawn again under their hand."""
        async with self._refreshing:
            lines = (await run(open_lines(self.actor))).value or []
            self.count.set_text(ngettext('{count} credit to match', '{count} credits to match', len(lines))
                                .format(count=number(len(lines))) if lines else _('Every credit is handled.'))
            still_open = {line.id for line in lines}
            for line_id in [line_id for line_id in self.rows if line_id not in still_open]:
                self.lines.remove(self.rows.pop(line_id))
            for line in lines:
                if line.id not in self.rows:
                    with self.lines:
                        self.rows[line.id] = await LineRow(self, line).build()


class LineRow:
    def __init__(self, page: BankPage, line: LineView) -> None:
        self.page = page
        self.line = line

    async def build(self) -> ui.card:
        line = self.line
        with ui.card().classes('w-full gap-2').mark(f'bank_line_{line.id}') as card:
            with ui.row().classes('w-full items-baseline gap-3'):
                ui.label(day(line.booked_on)).classes('text-sm text-grey-9')
                ui.label(money(line.amount, line.currency)).classes('font-semibold')
                ui.label(line.payer).classes('font-medium')
            details = ' · '.join(part for part in (line.reference, line.remittance) if part)
            if details:
                ui.label(details).classes('text-sm text-grey-9 break-all')
            choices = {c.id: self._label(c) for c in await self._choices('')}
            if line.suggested is not None:
                choices = {line.suggested.id: self._label(line.suggested), **choices}
                ui.label(_('Suggested: {invoice}, {basis}').format(
                    invoice=self._label(line.suggested), basis=basis_text(line.basis))).classes('text-sm')
            else:
                ui.label(_('No invoice found for it. Choose one, or skip it.')).classes('text-sm text-grey-9')
            with ui.row().classes('w-full items-center gap-2'):
                ui.input(_('Find an invoice by number or client'),
                         on_change=lambda e: self._search(str(e.value or ''))) \
                    .props('outlined dense clearable debounce=400').classes('min-w-48').mark(f'find_{line.id}')
                self.invoice = ui.select(choices, value=line.suggested.id if line.suggested else None,
                                         label=_('Invoice')).props('outlined dense').classes('grow min-w-64')
                ui.button(_('Confirm'), on_click=self._confirm).props('unelevated no-caps dense')
                ui.button(_('Skip'), on_click=self._skip).props('flat no-caps dense')
            self.message = alert()
        return card

    @staticmethod
    def _label(choice: InvoiceChoice) -> str:
        return _('{number} · {client} · {balance} due').format(number=choice.number, client=choice.contact_name,
                                                               balance=money(choice.balance, choice.currency))

    async def _choices(self, text: str) -> list[InvoiceChoice]:
        return (await run(find_invoices(self.page.actor, text, self.line.currency))).value or []

    async def _search(self, typed: str) -> None:
        found = {c.id: self._label(c) for c in await self._choices(typed)}
        current = self.invoice.value
        if current is not None and current in self.invoice.options:
            found = {current: self.invoice.options[current], **found}
        self.invoice.set_options(found, value=current)

    async def _confirm(self) -> None:
        if self.invoice.value is None:
            self.message.set_text(_('Choose the invoice this credit pays.'))
            return
        done = await run(confirm_line(self.page.actor, self.line.id, int(self.invoice.value)), message=self.message,
                         success=_('Payment recorded.'))
        if done.value is not None:
            await self.page.refresh()

    async def _skip(self) -> None:
        done = await run(skip_line(self.page.actor, self.line.id), message=self.message)
        if done.error is None:
            await self.page.refresh()
