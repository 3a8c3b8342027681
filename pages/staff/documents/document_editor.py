"""The form staff use to write an estimate, an invoice or a retainer invoice, new or existing."""
from __future__ import annotations

from datetime import date, timedelta

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, run
from components.common.heading import Heading
from components.staff.contact_picker import ContactPicker
from components.staff.line_editor import LineEditor
from domain.actors import StaffActor
from domain.business import profile as business
from domain.documents import estimates, invoices
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.documents.rules import STATUS_WORDS, due_date_from_terms, parse_day
from domain.documents.staff import EditableDocument, staff_path
from domain.einvoices.checking import problems_for
from domain.einvoices.findings import DOCUMENT
from domain.errors import Invalid
from domain.formats import N_, _
from domain.models import DocumentKind, EstimateStatus, OnlinePaymentOption

TERMS: dict[str | int, str] = {'contact': N_("Customer's terms"), 0: N_('Due on receipt'), 15: N_('Net 15'),
                               30: N_('Net 30'), 45: N_('Net 45'), 60: N_('Net 60'), 'custom': N_('Custom date')}
ONLINE = {OnlinePaymentOption.CARD.value: N_('Credit or debit card'),
          OnlinePaymentOption.NONE.value: N_('None (offline only)')}
KINDS = {DocumentKind.INVOICE.value: N_('Invoice'), DocumentKind.RETAINER.value: N_('Retainer invoice')}


def _translated(choices: dict) -> dict:
    return {key: _(text) for key, text in choices.items()}


class DocumentEditor:
    """Builds the form in the current page; `existing` is None for a new document."""

    def __init__(self, actor: StaffActor, draft: DocumentDraft, existing: EditableDocument | None,
                 currency: str) -> None:
        self.actor = actor
        self.draft = draft
        self.existing = existing
        self.currency = currency
        self.terms_days: int | None = None
        self._applying = False
        self.inputs: dict[str, ValidationElement] = {}

    @property
    def estimate(self) -> bool:
        return self.draft.kind == DocumentKind.ESTIMATE

    async def build(self) -> None:
        self.message = alert()
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full'):
                locked = self.existing is not None and self.existing.status != EstimateStatus.DRAFT
                self.picker = await ContactPicker.create(self.actor, value=self.draft.contact_id,
                                                         on_change=self._contact_changed)
                self.picker.select.classes('w-full')
                if locked:
                    self.picker.select.disable()
                    self.picker.select.props['hint'] = _('The customer cannot change once the document is sent.')
                self.inputs['contact'] = self.picker.select
                if not self.estimate and self.existing is None:
                    self.kind = ui.radio(_translated(KINDS), value=self.draft.kind.value).props('inline')
                    self.kind.props['aria-label'] = _('Kind of invoice')
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-3 gap-3 w-full'):
                self.issue = self._date('issue_date', _('Estimate date') if self.estimate else _('Invoice date'),
                                        self.draft.issue_date)
                self.issue.on_value_change(self._issue_changed)
                if self.estimate:
                    self.expiry = self._date('expiry_date', _('Expiry date'), self.draft.expiry_date)
                    self.expiry.props('clearable')
                    self.expiry.props['hint'] = _('Leave empty if it never expires')
                else:
                    self.terms = ui.select(_translated(TERMS), label=_('Payment terms'),
                                           value='custom' if self.existing else 'contact',
                                           on_change=self._terms_changed).props('outlined')
                    self.due = self._date('due_date', _('Due date'), self.draft.due_date)
                    self.due.on_value_change(self._due_changed)
                self.reference = ui.input(_('Reference'), value=self.draft.reference).props('outlined maxlength=100')
                self.reference.props['hint'] = _('A PO number or project name')
                self.inputs['reference'] = self.reference
            if not self.estimate:
                with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-3 gap-3 w-full'):
                    self.delivery = self._date('delivery_date', _('Delivery date'), self.draft.delivery_date)
                    self.delivery.props['hint'] = _('When you delivered, or the service period')
                    self.period_start = self._date('period_start', _('Service period from'), self.draft.period_start)
                    self.period_end = self._date('period_end', _('Service period to'), self.draft.period_end)

        with ui.card().classes('w-full gap-3').props('flat bordered'):
            self.lines = LineEditor(self.draft.lines, self.currency)

        with ui.card().classes('w-full gap-3').props('flat bordered'):
            with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full'):
                self.notes = ui.textarea(_('Notes'), value=self.draft.notes).props('outlined autogrow maxlength=5000')
                self.notes.props['hint'] = _('Shown to the customer on the document')
                self.conditions = ui.textarea(_('Terms and conditions'), value=self.draft.terms) \
                    .props('outlined autogrow maxlength=5000')
                self.inputs.update(notes=self.notes, terms=self.conditions)
            if not self.estimate:
                Heading(_('Payment options'), level=2)
                with ui.element('div').classes('grid grid-cols-1 sm:grid-cols-2 gap-3 w-full items-center'):
                    self.online = ui.select(_translated(ONLINE), label=_('Online payment'),
                                            value=self.draft.online_payment).props('outlined')
                    self.online.props['hint'] = _('How the client may pay in the portal')
                    self.partial = ui.switch(_('Allow partial payments'), value=self.draft.allow_partial_payments)
                    self.inputs['online_payment'] = self.online

        with ui.row().classes('w-full justify-end gap-2 pb-6'):
            back = staff_path(self.draft.kind, self.existing.id) if self.existing else \
                ('/staff/estimates' if self.estimate else '/staff/invoices')
            ui.button(_('Cancel'), on_click=lambda: ui.navigate.to(back)).props('flat no-caps')
            is_draft = self.existing is None or self.existing.status == EstimateStatus.DRAFT
            self.save_button = ui.button(_('Save as draft') if is_draft else _('Save changes'),
                                         on_click=lambda: self.save(send=False)) \
                .props('outline no-caps' if is_draft else 'unelevated no-caps')
            self.buttons = [self.save_button]
            if is_draft:
                self.buttons.append(ui.button(_('Save and send'), icon='send',
                                              on_click=lambda: self.save(send=True)).props('unelevated no-caps'))
        if self.draft.contact_id:
            await self._contact_changed(self.draft.contact_id)

    def _date(self, key: str, label: str, value: str) -> ui.input:
        element = ui.input(label, value=value).props('outlined type=date stack-label')
        self.inputs[key] = element
        return element

    async def _contact_changed(self, contact_id: int | None) -> None:
        if not contact_id:
            return
        terms = (await run(invoices.contact_terms(self.actor, contact_id), message=self.message)).value
        if terms is None:
            return
        await self.lines.set_currency(terms.currency)
        if self.estimate:
            return
        self.terms_days = terms.payment_terms
        self.terms.set_options({**_translated(TERMS), 'contact': _("Customer's terms (Net {days})").format(
            days=terms.payment_terms) if terms.payment_terms else _("Customer's terms (due on receipt)")})
        if self.terms.value == 'contact':
            self._apply_terms()

    def _issue_changed(self) -> None:
        if not self.estimate and self.terms.value != 'custom':
            self._apply_terms()

    def _due_changed(self) -> None:
        if not self._applying:
            self.terms.set_value('custom')

    def _terms_changed(self) -> None:
        if self.terms.value != 'custom':
            self._apply_terms()

    def _apply_terms(self) -> None:
        days = self.terms_days if self.terms.value == 'contact' else self.terms.value
        try:
            issued = parse_day(self.issue.value)
        except ValueError:
            return
        if isinstance(days, int):
            self._applying = True
            try:
                self.due.set_value(due_date_from_terms(issued, days).isoformat())
            finally:
                self._applying = False

    def collect(self) -> DocumentDraft:
        kind = DocumentKind(self.kind.value) if hasattr(self, 'kind') else self.draft.kind
        draft = DocumentDraft(kind=kind, contact_id=self.picker.value, issue_date=self.issue.value or '',
                              reference=self.reference.value or '', notes=self.notes.value or '',
                              terms=self.conditions.value or '', lines=self.lines.drafts)
        if self.estimate:
            draft.expiry_date = self.expiry.value or ''
        else:
            draft.due_date = self.due.value or ''
            draft.online_payment = self.online.value or ''
            draft.allow_partial_payments = bool(self.partial.value)
            draft.delivery_date = self.delivery.value or ''
            draft.period_start, draft.period_end = self.period_start.value or '', self.period_end.value or ''
        return draft

    async def save(self, *, send: bool) -> None:
        for element in self.inputs.values():
            element.error = None
        self.lines.clear_errors()
        self.message.set_text('')
        for button in self.buttons:
            button.disable()
        try:
            outcome = await run(self._store(self.collect()), message=self.message, invalid=self._refused)
        finally:
            for button in self.buttons:
                button.enable()
        if outcome.value is not None:
            ui.navigate.to(staff_path(self.draft.kind, outcome.value) + ('?send=1' if send else ''))

    def _refused(self, error: Invalid) -> None:
        self.lines.show_refusal(error, self.inputs, self.message)

    async def show_einvoice_problems(self) -> None:
        """What a refused e-invoice needs of this invoice, under its fields (the lines' under the lines)."""
        assert self.existing is not None
        for problem in await problems_for(self.actor, self.existing.id, DOCUMENT):
            if problem.field in self.inputs:
                self.inputs[problem.field].error = problem.message
            else:
                self.lines.show_error(problem.message)

    async def _store(self, draft: DocumentDraft) -> int:
        if self.estimate:
            if self.existing:
                await estimates.update_estimate(self.actor, self.existing.id, draft)
                return self.existing.id
            return await estimates.create_estimate(self.actor, draft)
        if self.existing:
            await invoices.update_invoice(self.actor, self.existing.id, draft)
            return self.existing.id
        return await invoices.create_invoice(self.actor, draft)


async def new_document(actor: StaffActor, kind: DocumentKind, contact_id: int | None) -> None:
    today: date = await business.today()
    draft = DocumentDraft(kind=kind, contact_id=contact_id, issue_date=today.isoformat(), lines=[LineDraft()])
    if kind == DocumentKind.ESTIMATE:
        draft.expiry_date = (today + timedelta(days=30)).isoformat()
    else:
        draft.allow_partial_payments = (await invoices.invoice_defaults(actor)).allow_partial_payments
        draft.delivery_date = today.isoformat()  # an e-invoice says when it was delivered (staff change it)
    await DocumentEditor(actor, draft, None, 'USD').build()


async def edit_document(actor: StaffActor, existing: EditableDocument) -> DocumentEditor | None:
    if not existing.editable:
        with ui.card().classes('w-full gap-2').props('flat bordered'):
            ui.label(_('{number} is {status} and can no longer be edited.').format(
                number=existing.number, status=_(STATUS_WORDS.get(str(existing.status), existing.status))))
            ui.link(_('Back to the document'), staff_path(existing.draft.kind, existing.id)).classes('text-blue-9')
        return None
    if existing.amount_paid:
        ui.label(_('Payments have been recorded for this invoice: its total cannot go below what was paid.')) \
            .classes('text-sm text-grey-9')
    editor = DocumentEditor(actor, existing.draft, existing, existing.currency)
    await editor.build()
    return editor
