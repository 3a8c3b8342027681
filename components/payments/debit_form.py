"""Bank debit (SEPA) in the Pay Now dialog: a saved account or the account holder, email and IBAN, the mandate
text with its acceptance, and whether to keep the account for later payments; then the debit is submitted.

The IBAN is checked on the server first (a mistyped one gets its message at the field), then the browser confirms
the processor's SetupIntent with it (see debit_field.js) and the server records the mandate and submits the debit.
"""
from __future__ import annotations

from typing import Any

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from domain.actors import PortalActor
from domain.documents.acceptance import Requester
from domain.formats import _, current_language
from domain.payments.online import Outcome, abandon_payment
from domain.payments.sepa import DebitRequest, continue_with_debit, start_debit
from domain.payments.sepa_offer import DebitOffer

NEW_ACCOUNT = 'new'
BROWSER_WAIT = 120.0


class DebitField(ui.element, component='debit_field.js', dependencies=['stripe_loader.js']):
    def __init__(self, publishable_key: str, script_url: str) -> None:
        super().__init__()
        self._props['publishableKey'] = publishable_key
        self._props['scriptUrl'] = script_url
        self._props['locale'] = current_language()
        self._props['texts'] = {'notReady': _('The bank debit form is not ready.'),
                                'notConfirmed': _('Your bank account could not be confirmed.')}

    async def confirm(self, client_secret: str, iban: str, billing_details: dict[str, Any]) -> dict[str, str]:
        try:
            answer = await self.run_method('confirmDebit', client_secret, iban, billing_details, timeout=BROWSER_WAIT)
        except TimeoutError:
            return {'error': _('Your browser did not answer in time.')}
        return answer if isinstance(answer, dict) else {'error': _('Your browser did not answer.')}


class DebitForm(ui.column):
    def __init__(self, actor: PortalActor, offer: DebitOffer, publishable_key: str, script_url: str) -> None:
        super().__init__()
        self.actor = actor
        self.classes('w-full gap-3')
        with self:
            self.field = DebitField(publishable_key, script_url)
            self.choice: ui.radio | None = None
            if offer.mandates:
                choices: dict[int | str, str] = {m.id: m.label for m in offer.mandates}
                self.choice = ui.radio({**choices, NEW_ACCOUNT: _('Use another bank account')},
                                       value=offer.mandates[0].id, on_change=self._changed)
                self.choice.props['aria-label'] = _('Bank account to debit')
            with ui.column().classes('w-full gap-3') as self.details:
                self.holder = ui.input(_('Account holder'), value=actor.name if '@' not in actor.name else '') \
                    .props('outlined autocomplete=name maxlength=200').classes('w-full').mark('account_holder')
                self.email = ui.input(_('Email'), value=actor.email) \
                    .props('outlined autocomplete=email maxlength=254 type=email').classes('w-full').mark('email')
                self.iban = ui.input(_('IBAN')).props('outlined maxlength=42 autocomplete=off spellcheck=false') \
                    .classes('w-full font-mono').mark('iban')
                self.iban.props['hint'] = _('Like DE89 3704 0044 0532 0130 00')
                ui.label(_('SEPA direct debit mandate')).classes('text-sm font-medium text-grey-9')
                ui.label(offer.mandate_text).classes('text-sm text-grey-9').mark('mandate_text')
                self.accepted = ui.checkbox(_('I accept this mandate'), value=False).mark('accepted')
                self.accepted_error = ui.label().classes('text-negative text-sm empty:hidden') \
                    .props('aria-live=polite')
                self.save = ui.checkbox(_('Save this bank account for future payments'), value=False)
        self.inputs: dict[str, ValidationElement] = {'account_holder': self.holder, 'email': self.email,
                                                     'iban': self.iban}
        self._changed()

    def _changed(self) -> None:
        self.details.set_visibility(self.choice is None or self.choice.value == NEW_ACCOUNT)

    def request(self, invoice_ids: list[int], amount: str) -> DebitRequest:
        if self.choice is not None and self.choice.value != NEW_ACCOUNT:
            return DebitRequest(invoice_ids, amount, mandate_id=int(self.choice.value))
        return DebitRequest(invoice_ids, amount, account_holder=self.holder.value or '',
                            email=self.email.value or '', iban=self.iban.value or '',
                            accepted=bool(self.accepted.value), save=bool(self.save.value))

    def show_refusal(self, fields: dict[str, str]) -> None:
        self.accepted_error.set_text(fields.get('accepted', ''))

    async def pay(self, request: DebitRequest, opened: list[int]) -> Outcome:
        """Submit the debit; `opened` gets the attempt's id while the browser step runs (for the dialog to cancel)."""
        self.accepted_error.set_text('')
        outcome = await start_debit(self.actor, request)
        if outcome.state != 'needs_debit':
            return outcome
        opened.append(outcome.online_payment_id)
        answer = await self.field.confirm(outcome.client_secret, request.iban,
                                          {'name': request.account_holder.strip(), 'email': request.email.strip()})
        if answer.get('error') or not answer.get('setup_intent'):
            await abandon_payment(self.actor, outcome.online_payment_id)
            return Outcome('declined', outcome.online_payment_id, outcome.amount, outcome.currency,
                           answer.get('error') or _('Your bank account could not be confirmed.'))
        request_info = ui.context.client.request
        requester = Requester(ip=request_info.client.host if request_info.client else '',
                              user_agent=request_info.headers.get('user-agent', ''))
        return await continue_with_debit(self.actor, outcome.online_payment_id, answer['setup_intent'], request,
                                         requester)
