"""The second step of signing in, on both sides: the code from the app (or a recovery code), or the set-up the
business requires. What is waiting is found on the server by this browser's id; the URL carries only `next`."""
from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from components.access.recovery_codes import recovery_codes_panel
from components.access.second_factor_setup import setup_panel
from components.common.forms import alert, clear_errors, run, show_errors
from components.common.heading import Heading
from domain.access import second_step
from domain.business import profile as business
from domain.business.brand import readable_brand
from domain.errors import DomainError, Invalid
from domain.formats import _
from domain.models import SessionKind
from integrations.web import LOGIN, safe_next, sign_in_client

STAFF_COLOR = '#334155'


async def _frame(kind: SessionKind, title: str) -> tuple[ui.card, business.Branding]:
    brand = await business.branding()
    name = brand.portal_name if kind == SessionKind.PORTAL else _('{business} · Staff').format(
        business=brand.business_name)
    ui.page_title(_('{page} · {portal}').format(page=title, portal=name))
    ui.colors(primary=readable_brand(brand.brand_color) if kind == SessionKind.PORTAL else STAFF_COLOR)
    with ui.header().classes('bg-primary text-white px-4 py-3'):
        Heading(name, level=2)
    with ui.element('main').classes('w-full'):
        card = ui.card().classes('w-full max-w-md mx-auto mt-6 sm:mt-16 p-6 gap-4')
    with card:
        Heading(title)
    return card, brand


def _finish(handoff: str, kind: SessionKind, next_url: str) -> None:
    ui.navigate.to(f'/auth/complete?code={handoff}&next={quote(safe_next(next_url, kind), safe="")}')


def _expired(kind: SessionKind) -> None:
    ui.label(_(second_step.EXPIRED)).props('role=alert').classes('text-grey-10')
    ui.link(_('Sign in'), LOGIN[kind]).classes('text-primary font-medium')


async def code_step(kind: SessionKind, next_url: str) -> None:
    """The code after the password. Its refusals are its own rather than `forms.run`'s: each one also empties the
    code, and there is no session yet that could have ended."""
    card, _brand = await _frame(kind, _('Two-step sign-in'))
    client = sign_in_client(ui.context.client.request)
    pending = await second_step.pending(kind, client.browser_id)
    with card:
        if pending is None or pending.step != second_step.CODE:
            _expired(kind)
            return
        intro = ui.label(_('Enter the 6-digit code your authenticator app shows for {email}.').format(
            email=pending.email)) \
            .classes('text-grey-9')
        message = alert()
        code = ui.input(_('6-digit code')).props('outlined inputmode=numeric autocomplete=one-time-code maxlength=20 '
                                              'autofocus').classes('w-full').mark('sign-in-code')
        inputs = {'code': code}

        def use_recovery() -> None:
            code.props['label'] = _('Recovery code')
            code.props['inputmode'] = 'text'
            code.props['autocomplete'] = 'off'
            intro.set_text(_('Enter one of the recovery codes you saved when you set up two-step sign-in. Each one '
                             'works once.'))
            switch.set_visibility(False)
            code.run_method('focus')

        async def submit() -> None:
            clear_errors(inputs, message)
            button.props('loading')
            try:
                handoff = await second_step.submit_code(kind, code.value or '', client)
            except Invalid as error:
                code.value = ''
                show_errors(error, inputs, message)
            except DomainError as error:
                code.value = ''
                message.set_text(error.message)
            else:
                _finish(handoff, kind, next_url)
            finally:
                button.props(remove='loading')

        code.on('keydown.enter', submit)
        button = ui.button(_('Verify and sign in'), on_click=submit).props('unelevated no-caps').classes('w-full')
        switch = ui.button(_('Use a recovery code instead'), on_click=use_recovery).props('flat no-caps dense')
        ui.link(_('Start again'), LOGIN[kind]).classes('text-primary text-sm')


async def setup_step(kind: SessionKind, next_url: str) -> None:
    card, brand = await _frame(kind, _('Set up two-step sign-in'))
    name = brand.portal_name if kind == SessionKind.PORTAL else brand.business_name
    client = sign_in_client(ui.context.client.request)
    browser_id = client.browser_id
    pending = await second_step.pending(kind, browser_id)
    with card:
        if pending is None or pending.step not in {second_step.SETUP, second_step.READY}:
            _expired(kind)
            return
        panel = ui.column().classes('w-full gap-3')

    async def finish() -> None:
        if (handoff := (await run(second_step.finish_setup(kind, client))).value) is not None:
            _finish(handoff, kind, next_url)

    def ready(codes: list[str]) -> None:
        panel.clear()
        with panel:
            ui.label(_('Two-step sign-in is on.')).classes('font-medium text-green-10').props('role=status')
            if codes:
                recovery_codes_panel(codes, name)
            ui.button(_('Continue'), on_click=finish).props('unelevated no-caps').classes('w-full')

    if pending.step == second_step.READY:  # reloaded after switching it on: the codes were shown once already
        ready([])
        return
    setup = await second_step.required_setup(kind, browser_id)
    with panel:
        ui.label(_('{business} asks everyone to use two-step sign-in. Set it up now to continue: it takes a '
                   'minute.').format(business=brand.business_name)) \
            .classes('text-grey-9')
        setup_panel(setup, lambda code: second_step.confirm_required_setup(kind, code, browser_id), ready)
