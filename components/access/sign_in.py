"""The sign-in card shared by the portal and the staff side."""
from __future__ import annotations

from urllib.parse import quote

from nicegui import ui

from components.common.forms import alert, clear_errors, show_errors
from components.common.heading import Heading
from domain.access import signing
from domain.errors import DomainError, Invalid, SecondStepRequired
from domain.formats import _
from domain.models import SessionKind
from integrations.web import safe_next, sign_in_client


def sign_in_card(kind: SessionKind, title: str, next_url: str, *, notice: str = '') -> None:
    """Its refusals are its own rather than `forms.run`'s: a refusal also empties the password, SecondStepRequired
    leads on to the second step, and there is no session yet that could have ended."""
    request = ui.context.client.request
    target = safe_next(next_url, kind)
    with ui.card().classes('w-full max-w-sm mx-auto mt-8 sm:mt-16 p-6 gap-4'):
        Heading(title)
        if notice:
            ui.label(notice).classes('text-sm text-grey-9').props('role=status')
        message = alert()
        email = ui.input(_('Email')).props('type=email autocomplete=username outlined maxlength=254').classes('w-full')
        password = ui.input(_('Password'), password=True, password_toggle_button=True) \
            .props('autocomplete=current-password outlined').classes('w-full')
        inputs = {'email': email, 'password': password}

        async def submit() -> None:
            clear_errors(inputs, message)
            button.props('loading')
            try:
                code = await signing.sign_in(kind, email.value or '', password.value or '', sign_in_client(request))
            except Invalid as error:
                show_errors(error, inputs, message)
            except SecondStepRequired as needed:
                ui.navigate.to(f'/{kind}/login/{needed.step}?next={quote(target, safe="")}')
            except DomainError as error:
                message.set_text(error.message)
                password.value = ''
            else:
                ui.navigate.to(f'/auth/complete?code={code}&next={quote(target, safe="")}')
            finally:
                button.props(remove='loading')

        password.on('keydown.enter', submit)
        button = ui.button(_('Sign in'), on_click=submit).classes('w-full')
