"""Staff: record money received offline and choose which open invoices it pays."""
from __future__ import annotations

from nicegui import APIRouter, ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, clear_errors, run, show_errors
from components.common.heading import Heading
from components.common.status_chip import status_chip
from components.staff.contact_picker import ContactPicker
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.documents.rules import allocate_preferring, parse_money
from domain.errors import Invalid, NotFound
from domain.form_input import record_id, require_id
from domain.formats import _, day, money, plain_amount
from domain.models import label
from domain.payments import offline as payments
from domain.payments.offline import OFFLINE_MODES, PaymentDraft, PaymentSetup
from domain.payments.references import invoice_for_reference

router = APIRouter()

_ROW = 'grid grid-cols-2 sm:grid-cols-[minmax(0,1fr)_7rem_7rem_8rem_10rem] gap-x-3 gap-y-1 items-center'


@router.page('/staff/payments/new')
async def record_payment_page(contact: str = '', invoice: str = '', reference: str = '') -> None:
    async with staff_frame(_('Record payment')) as actor:
        if not contact.strip():
            ui.label(_('Who paid? Choose the customer, then apply the money to their open invoices.')) \
                .classes('text-sm text-grey-9')
            picker = await ContactPicker.create(actor, label=_('Received from'), on_change=lambda value: ui.navigate.to(
                f'/staff/payments/new?contact={value}') if value else None)
            picker.select.classes('w-full sm:w-96')
            reference_finder(actor)
            return
        try:
            setup = await payments.payment_setup(actor, require_id(contact), record_id(invoice))
        except NotFound:
            ui.status_code(404)
            ui.label(_('There is no such customer.'))
            ui.link(_('Choose another customer'), '/staff/payments/new').classes('text-blue-9')
            return
        PaymentForm(actor, setup, reference[:100]).build()


def reference_finder(actor: StaffActor) -> None:
    """A bank transfer that quotes an invoice's RF creditor reference: find its invoice (and customer) by it."""
    ui.label(_('Or, for a bank transfer, type the RF reference it quotes and find its invoice.')) \
        .classes('text-sm text-grey-9 mt-4')
    with ui.row().classes('items-start gap-2'):
        typed = ui.input(_('Creditor reference'), placeholder='RF18 INV0 0001 2').props('outlined maxlength=40') \
            .classes('w-full sm:w-72').mark('reference')

        async def find() -> None:
            outcome = await run(invoice_for_reference(actor, typed.value or ''), inputs={'reference': typed})
            if outcome.value is not None:
                found = outcome.value
                ui.navigate.to(f'/staff/payments/new?contact={found.contact_id}&invoice={found.invoice_id}'
                               f'&reference={found.reference}')
        typed.on('keydown.enter', find)
        ui.button(_('Find invoice'), icon='search', on_click=find).props('outline no-caps').classes('mt-2')


class PaymentForm:
    def __init__(self, actor: StaffActor, setup: PaymentSetup, reference: str = '') -> None:
        self.actor = actor
        self.given_reference = reference
        self.setup = setup
        self.inputs: dict[str, ValidationElement] = {}
        self.shares: dict[int, ui.input] = {}
        self.manual = False
        self._filling = False

    def build(self) -> None:
        setup = self.setup
        with ui.row().classes('items-baseline gap-2'):
            ui.label(_('From {contact}').format(contact=setup.contact_name)).classes('text-lg font-medium')
            ui.link(_('Change'), '/staff/payments/new').classes('text-blue-9 text-sm')
        if not setup.invoices:
            ui.label(_('{contact} has no open invoices. A payment is recorded against sent invoices that still '
                       'have a balance due.').format(contact=setup.contact_name)).classes('text-sm text-grey-9').props('role=status')
            ui.link(_('Invoices of {contact}').format(contact=setup.contact_name), f'/staff/invoices?contact={setup.contact_id}') \
                .classes('text-blue-9')
            return
        self.message = alert()
        preferred = next((row for row in setup.invoices if row.id == setup.preferred_invoice_id), None)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full'):
                self.amount = ui.input(_('Amount received ({currency})').format(currency=setup.currency),
                                       value=plain_amount(preferred.balance, setup.currency) if preferred else '',
                                       on_change=self._amount_changed) \
                    .props('outlined inputmode=decimal autofocus')
                self.amount.props['hint'] = _('{amount} is due on open invoices').format(
                    amount=money(setup.owed, setup.currency))
                self.date = ui.input(_('Payment date'), value=setup.today.isoformat()) \
                    .props('outlined type=date stack-label')
                self.mode = ui.select({mode.value: label(mode) for mode in OFFLINE_MODES}, label=_('Payment mode'),
                                      value='bank_transfer').props('outlined')
                self.reference = ui.input(_('Reference'), value=self.given_reference) \
                    .props('outlined maxlength=100')
                self.reference.props['hint'] = _('Cheque or transfer number')
            self.notes = ui.textarea(_('Notes')).props('outlined autogrow maxlength=2000').classes('w-full')
            self.inputs.update(amount=self.amount, date=self.date, mode=self.mode, reference=self.reference,
                               notes=self.notes)

        with ui.card().classes('w-full gap-2').props('flat bordered'):
            with ui.row().classes('w-full items-center justify-between'):
                Heading(_('Apply to invoices'), level=2)
                ui.button(_('Split oldest first'), icon='auto_fix_high', on_click=self._automatic).props('flat no-caps')
            ui.label(_('The amount goes to the oldest due invoices first. Change the split if the customer said '
                       'which invoices they are paying.')).classes('text-sm text-grey-8')
            with ui.element('div').classes(f'{_ROW} w-full max-sm:hidden px-1 text-xs uppercase text-grey-9 font-medium') \
                    .props('aria-hidden=true'):
                for title in (_('Invoice'), _('Date'), _('Due date'), _('Balance due'), _('Apply')):
                    ui.label(title)
            with ui.element('div').classes('w-full').props('role=list') as rows:
                rows.props['aria-label'] = _('Open invoices')
                for row in setup.invoices:
                    with ui.element('div').classes(f'{_ROW} border-t border-gray-200 py-2 px-1') \
                            .props('role=listitem'):
                        with ui.row().classes('items-center gap-2 col-span-2 sm:col-span-1'):
                            ui.link(row.number, f'/staff/invoices/{row.id}').classes('text-blue-9 font-medium')
                            status_chip(row.status)
                        ui.label(day(row.issue_date)).classes('text-sm max-sm:hidden')
                        ui.label(day(row.due_date)).classes('text-sm max-sm:hidden')
                        ui.label(money(row.balance, setup.currency)).classes('text-sm max-sm:hidden')
                        ui.label(_('Due {date}: {amount}').format(date=day(row.due_date),
                                                                  amount=money(row.balance, setup.currency))) \
                            .classes('text-sm sm:hidden')
                        share = ui.input(_('Apply to {number}').format(number=row.number),
                                         on_change=self._share_changed) \
                            .props('outlined dense inputmode=decimal')
                        self.shares[row.id] = share
                        self.inputs[f'allocation.{row.id}'] = share
            self.split_error = ui.label().classes('text-negative text-sm empty:hidden').props('role=alert')
            self.summary = ui.label().classes('text-sm font-medium self-end').props('aria-live=polite')

        with ui.row().classes('w-full justify-end gap-2 pb-6'):
            back = f'/staff/invoices/{preferred.id}' if preferred else '/staff/payments'
            ui.button(_('Cancel'), on_click=lambda: ui.navigate.to(back)).props('flat no-caps')
            self.save = ui.button(_('Record payment'), icon='check', on_click=self.submit).props('unelevated no-caps')
        self._automatic()

    def _amount(self) -> int | None:
        try:
            return parse_money(self.amount.value or '', self.setup.currency)
        except ValueError:
            return None

    def _automatic(self) -> None:
        self.manual = False
        amount = self._amount()
        split: dict[int, int] = {}
        if amount and amount <= self.setup.owed:
            split = dict(allocate_preferring(amount, [row.rule_input for row in self.setup.invoices],
                                             self.setup.preferred_invoice_id))
        self._filling = True
        try:
            for invoice_id, share in self.shares.items():
                share.set_value(plain_amount(split[invoice_id], self.setup.currency) if invoice_id in split else '')
        finally:
            self._filling = False
        self._summarize()

    def _amount_changed(self) -> None:
        if self.manual:
            self._summarize()
        else:
            self._automatic()

    def _share_changed(self) -> None:
        if not self._filling:
            self.manual = True
            self._summarize()

    def _summarize(self) -> None:
        applied = 0
        for share in self.shares.values():
            try:
                applied += parse_money(share.value or '0', self.setup.currency)
            except ValueError:
                self.summary.set_text('')
                return
        amount = self._amount()
        currency = self.setup.currency
        if amount is None:
            text = _('Applied {applied}')
        elif applied == amount:
            text = _('Applied {applied} of {amount}')
        elif applied < amount:
            text = _('Applied {applied} of {amount} · {difference} still to apply')
        else:
            text = _('Applied {applied} of {amount} · {difference} too much')
        self.summary.set_text(text.format(applied=money(applied, currency),
                                          amount=money(amount or 0, currency),
                                          difference=money(abs((amount or 0) - applied), currency)))

    async def submit(self) -> None:
        clear_errors(self.inputs, self.message, self.split_error)
        draft = PaymentDraft(date=self.date.value or '', amount=self.amount.value or '', mode=self.mode.value or '',
                             reference=self.reference.value or '', notes=self.notes.value or '',
                             allocations={invoice_id: share.value or '' for invoice_id, share in self.shares.items()})
        self.save.disable()
        try:
            outcome = await run(payments.record_payment(self.actor, self.setup.contact_id, draft), message=self.message,
                                invalid=self._refused)
        finally:
            self.save.enable()
        if outcome.ok:
            ui.navigate.to(f'/staff/invoices/{self.setup.preferred_invoice_id}' if self.setup.preferred_invoice_id
                           else f'/staff/payments?contact={self.setup.contact_id}')

    def _refused(self, error: Invalid) -> None:
        """A message about the split goes under the split, the others under their fields."""
        fields = dict(error.fields)
        if 'allocations' in fields:
            self.split_error.set_text(fields.pop('allocations'))
        if fields:
            show_errors(Invalid(fields), self.inputs, self.message)
        if not self.message.text:
            self.message.set_text(_('Nothing was recorded. Please correct the fields marked in red.'))
