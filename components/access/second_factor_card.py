"""Two-step sign-in in the person's own account (My Account in the portal, the staff user's own page): its state,
set-up, new recovery codes and turning it off."""
from __future__ import annotations

from nicegui import ui

from components.access.recovery_codes import recovery_codes_panel
from components.access.second_factor_setup import setup_panel
from components.common.forms import alert, run
from components.common.heading import Heading
from domain.access import second_factor
from domain.access.second_factor import FactorStatus, Setup
from domain.actors import Actor
from domain.formats import _, day, ngettext


class SecondFactorCard:
    def __init__(self, actor: Actor, status: FactorStatus, portal_name: str, *, heading: bool = True) -> None:
        self.actor = actor
        self.status = status
        self.portal_name = portal_name
        self.setup: Setup | None = None
        self.codes: list[str] = []
        if heading:
            Heading(_('Two-step sign-in'), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered').mark('second-factor-card'):
            self.body()

    @ui.refreshable_method
    def body(self) -> None:
        if self.codes:
            ui.label(_('Two-step sign-in is on.')).classes('font-medium text-green-10').props('role=status')
            recovery_codes_panel(self.codes, self.portal_name)
            ui.button(_('I have saved my recovery codes'), on_click=self._codes_saved).props('unelevated no-caps')
        elif self.setup is not None:
            setup_panel(self.setup, lambda code: second_factor.confirm_setup(self.actor, code), self._switched_on,
                        cancel=self._cancel_setup)
        elif self.status.on:
            state = (_('On since {date}. After your password, you enter a code from your authenticator '
                       'app.').format(date=day(self.status.since)) if self.status.since else
                     _('On. After your password, you enter a code from your authenticator app.'))
            ui.label(state) \
                .classes('text-grey-9').mark('second-factor-state')
            left = self.status.recovery_codes_left
            ui.label(ngettext('{count} of 10 recovery codes left.', '{count} of 10 recovery codes left.', left)
                     .format(count=left) if left else _('No recovery codes left: make new ones.')) \
                .classes('text-sm ' + ('text-grey-9' if left > 2 else 'text-negative'))
            with ui.row().classes('gap-2'):
                ui.button(_('Make new recovery codes'), icon='autorenew', on_click=self._renew).props('outline no-caps')
                if not self.status.required:
                    ui.button(_('Turn off'), icon='lock_open', on_click=self._turn_off) \
                        .props('flat no-caps color=negative')
            if self.status.required:
                ui.label(_(second_factor.REQUIRED)).classes('text-sm text-grey-8')
        else:
            ui.label(_('Off. Protect your account with a code from an authenticator app on your phone, asked for '
                       'after your password.')).classes('text-grey-9').mark('second-factor-state')
            if self.status.required:
                ui.label(_('Your business requires it: you will be asked to set it up at your next sign-in '
                           'anyway.')) \
                    .classes('text-sm text-brown-10 bg-amber-1 rounded px-3 py-2').props('role=status')
            ui.button(_('Set up two-step sign-in'), icon='phonelink_lock', on_click=self._start) \
                .props('unelevated no-caps')

    async def _start(self) -> None:
        outcome = await run(second_factor.start_setup(self.actor))
        if outcome.ok:
            self.setup = outcome.value
            self.body.refresh()

    def _cancel_setup(self) -> None:
        self.setup = None
        self.body.refresh()

    async def _switched_on(self, codes: list[str]) -> None:
        self.setup = None
        self.codes = codes
        await self._reload()
        ui.notify(_('Two-step sign-in is on. Any other browsers you were signed in with were signed out.'),
                  type='positive')

    async def _codes_saved(self) -> None:
        self.codes = []
        self.body.refresh()

    async def _reload(self) -> None:
        if (status := (await run(second_factor.factor_status(self.actor))).value) is not None:
            self.status = status
        self.body.refresh()

    def _dialog(self, title: str, text: str, *, password: bool) -> tuple[ui.dialog, ui.label, dict, ui.button]:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-md gap-3'):
            dialog.props['aria-label'] = title
            Heading(title, level=2)
            ui.label(text).classes('text-sm text-grey-9')
            message = alert()
            inputs = {}
            if password:
                inputs['password'] = ui.input(_('Password'), password=True, password_toggle_button=True) \
                    .props('outlined autocomplete=current-password autofocus').classes('w-full').mark('off-password')
            inputs['code'] = ui.input(_('Code from your app, or a recovery code')) \
                .props('outlined autocomplete=one-time-code maxlength=20' + ('' if password else ' autofocus')) \
                .classes('w-full').mark('dialog-code')
            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
                action = ui.button(_('Turn off') if password else _('Make new codes')) \
                    .props('unelevated no-caps' + (' color=negative' if password else ''))
        return dialog, message, inputs, action

    async def _renew(self) -> None:
        dialog, message, inputs, action = self._dialog(
            _('Make new recovery codes'), _('Your current recovery codes stop working. Enter a code from your app to '
                                            'continue.'), password=False)
        made: list[list[str]] = []

        async def submit() -> None:
            codes = (await run(second_factor.renew_recovery_codes(self.actor, inputs['code'].value or '',
                                                                   ui.context.client.ip),
                               inputs=inputs, message=message)).value
            if codes:
                made.append(codes)
                dialog.submit(True)

        action.on_click(submit)
        inputs['code'].on('keydown.enter', submit)
        await dialog
        dialog.delete()
        if made:
            self.codes = made[0]
            await self._reload()

    async def _turn_off(self) -> None:
        dialog, message, inputs, action = self._dialog(
            _('Turn off two-step sign-in'), _('Without it, your password alone opens your account. Enter your '
                                              'password and a code from your app to confirm.'), password=True)

        async def submit() -> None:
            outcome = await run(second_factor.turn_off(self.actor, inputs['password'].value or '',
                                                       inputs['code'].value or '', ui.context.client.ip),
                                inputs=inputs, message=message)
            if outcome.ok:
                dialog.submit(True)

        action.on_click(submit)
        inputs['code'].on('keydown.enter', submit)
        if await dialog:
            ui.notify(_('Two-step sign-in is off.'), type='positive')
            await self._reload()
        dialog.delete()
