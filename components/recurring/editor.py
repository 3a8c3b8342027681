"""The form staff use to start or change a recurring profile. The invoice part is the invoice editor's own parts
(the customer picker, the line editor with its live totals, notes and terms, payment options); the schedule part
(how often, from when, until when, terms, sent or kept as a draft, automatic charging) is added around them."""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, run
from components.common.heading import Heading
from components.staff.contact_picker import ContactPicker
from components.staff.line_editor import LineEditor
from domain.actors import StaffActor
from domain.documents import invoices
from domain.errors import Invalid
from domain.formats import N_, _
from domain.recurring import profiles
from domain.recurring.drafts import RecurringDraft
from domain.recurring.rules import FREQUENCIES

ENDS = {'never': N_('Never'), 'count': N_('After a number of invoices'), 'date': N_('On a date')}
CHARGE_ON = {'due': N_('On the due date'), 'sent': N_('When the invoice is sent')}
ONLINE = {'card': N_('Credit or debit card'), 'none': N_('None (offline only)')}


def _translated(choices: dict[str, str]) -> dict[str, str]:
    return {key: _(text) for key, text in choices.items()}


class RecurringEditor:
    """Builds the form in the current page; `profile_id` None starts a new profile (from `source_id`'s invoice)."""

    def __init__(self, actor: StaffActor, draft: RecurringDraft, *, profile_id: int | None = None,
                 source_id: int | None = None, currency: str = 'USD', made: int = 0) -> None:
        self.actor, self.draft, self.profile_id, self.source_id = actor, draft, profile_id, source_id
        self.currency, self.made = currency, made
        self.inputs: dict[str, ValidationElement] = {}

    async def build(self) -> None:
        self.message = alert()
        draft = self.draft
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            self.picker = await ContactPicker.create(self.actor, value=draft.invoice.contact_id,
                                                     on_change=self._contact_changed)
            self.picker.select.classes('w-full')
            if self.made:
                self.picker.select.disable()
                self.picker.select.props['hint'] = _('The customer cannot change once the profile has made invoices.')
            self.inputs['contact'] = self.picker.select
            Heading(_('Schedule'), level=2)
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-3 gap-3 w-full'):
                self.frequency = self._field('frequency', ui.select(_translated(FREQUENCIES), label=_('Frequency'),
                                                                    value=draft.frequency))
                self.start = self._field('start_date', ui.input(_('First invoice date'), value=draft.start_date)
                                         .props('type=date stack-label'))
                if self.made:
                    self.start.props['hint'] = _('Change it, or the frequency, to start the schedule again from a '
                                                 'new date.')
                self.terms_days = self._field('payment_terms', ui.input(_('Payment terms (days)'),
                                                                        value=draft.payment_terms)
                                              .props('type=number min=0 max=365'))
                self.terms_days.props['hint'] = _('Days from each invoice date to its due date')
                self.end_kind = self._field('end_kind', ui.select(_translated(ENDS), label=_('Ends'),
                                                                  value=draft.end_kind, on_change=self._ends))
                self.end_count = self._field('end_count', ui.input(_('Number of invoices'), value=draft.end_count)
                                             .props('type=number min=1'))
                self.end_date = self._field('end_date', ui.input(_('End date'), value=draft.end_date)
                                            .props('type=date stack-label'))
            self.send = ui.radio({'send': _('Send each invoice by itself, with its PDF'),
                                  'draft': _('Keep each invoice as a draft for me to review and send')},
                                 value='send' if draft.send_by_itself else 'draft')
            self.send.props['aria-label'] = _('When an invoice is made')
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full items-center'):
                self.auto_charge = ui.switch(_('Charge automatically when the client has agreed to automatic '
                                               'payment'), value=draft.auto_charge)
                self.charge_on = self._field('charge_on', ui.select(_translated(CHARGE_ON), label=_('Charge'),
                                                                    value=draft.charge_on))
            self.reference = self._field('reference', ui.input(_('Reference'), value=draft.invoice.reference)
                                         .props('maxlength=100'))
        self._ends()
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label(_('Item texts may hold the period of each invoice: {month} and {year} (e.g. "Hosting {month} '
                       '{year}"), {period} (its first and last day) and {date} (the invoice date), written in the '
                       "customer's language.")).classes('text-sm text-grey-8')
            self.lines = LineEditor(draft.invoice.lines, self.currency)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full'):
                self.notes = self._field('notes', ui.textarea(_('Notes'), value=draft.invoice.notes)
                                         .props('autogrow maxlength=5000'))
                self.conditions = self._field('terms', ui.textarea(_('Terms and conditions'), value=draft.invoice.terms)
                                              .props('autogrow maxlength=5000'))
                self.online = self._field('online_payment', ui.select(_translated(ONLINE), label=_('Online payment'),
                                                                      value=draft.invoice.online_payment))
                self.partial = ui.switch(_('Allow partial payments'), value=draft.invoice.allow_partial_payments)
        with ui.row().classes('w-full justify-end gap-2 pb-6'):
            back = f'/staff/recurring/{self.profile_id}' if self.profile_id else '/staff/recurring'
            ui.button(_('Cancel'), on_click=lambda: ui.navigate.to(back)).props('flat no-caps')
            self.save_button = ui.button(_('Save changes') if self.profile_id else _('Start profile'),
                                         on_click=self.save).props('unelevated no-caps').mark('save-profile')

    def _field(self, key: str, element):
        element.props('outlined')
        self.inputs[key] = element
        return element

    def _ends(self) -> None:
        self.end_count.set_visibility(self.end_kind.value == 'count')
        self.end_date.set_visibility(self.end_kind.value == 'date')

    async def _contact_changed(self, contact_id: int | None) -> None:
        if not contact_id:
            return
        terms = (await run(invoices.contact_terms(self.actor, contact_id), message=self.message)).value
        if terms is not None:
            await self.lines.set_currency(terms.currency)
            if not self.profile_id:
                self.terms_days.set_value(str(terms.payment_terms))

    def collect(self) -> RecurringDraft:
        draft = RecurringDraft(frequency=self.frequency.value or '', start_date=self.start.value or '',
                               end_kind=self.end_kind.value or '', end_count=str(self.end_count.value or ''),
                               end_date=self.end_date.value or '', payment_terms=str(self.terms_days.value or ''),
                               send_by_itself=self.send.value == 'send', auto_charge=bool(self.auto_charge.value),
                               charge_on=self.charge_on.value or '')
        invoice = draft.invoice
        invoice.contact_id, invoice.reference = self.picker.value, self.reference.value or ''
        invoice.notes, invoice.terms = self.notes.value or '', self.conditions.value or ''
        invoice.lines, invoice.online_payment = self.lines.drafts, self.online.value or ''
        invoice.allow_partial_payments = bool(self.partial.value)
        return draft

    async def save(self) -> None:
        self.lines.clear_errors()
        self.save_button.disable()
        try:
            outcome = await run(self._store(self.collect()), message=self.message, invalid=self._refused)
        finally:
            self.save_button.enable()
        if outcome.value is not None:
            ui.navigate.to(f'/staff/recurring/{outcome.value}')

    def _refused(self, error: Invalid) -> None:
        self.lines.show_refusal(error, self.inputs, self.message)

    async def _store(self, draft: RecurringDraft) -> int:
        if self.profile_id:
            await profiles.update_profile(self.actor, self.profile_id, draft)
            return self.profile_id
        return await profiles.create_profile(self.actor, draft, source_id=self.source_id)
