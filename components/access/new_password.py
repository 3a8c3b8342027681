"""The two password fields of the invitation and reset pages, and what happens when the person submits them."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from urllib.parse import quote

from nicegui import ui

from components.common.forms import alert, clear_errors, show_errors
from domain.access import auth
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.errors import DomainError, Invalid, SecondStepRequired
from domain.formats import _
from integrations.web import sign_in_client


def new_password_form(email: str, button: str,
                      submit: Callable[[str, str, auth.Client], Awaitable[str]]) -> None:
    """`submit(password, confirmation, client)` returns the sign-in handoff code; the person lands on the dashboard.

    Like the sign-in card, it says its refusals itself: SecondStepRequired leads on to the second step."""
    request = ui.context.client.request
    ui.input(_('Email'), value=email).props('outlined readonly autocomplete=username').classes('w-full')
    message = alert()
    password = ui.input(_('Password'), password=True, password_toggle_button=True) \
        .props(f'outlined autocomplete=new-password maxlength={MAX_LENGTH}').classes('w-full')
    password.props['hint'] = _('{min} to {max} characters, not a common password').format(min=MIN_LENGTH,
                                                                                         max=MAX_LENGTH)
    confirm = ui.input(_('Confirm password'), password=True, password_toggle_button=True) \
        .props('outlined autocomplete=new-password').classes('w-full')
    inputs = {'password': password, 'confirm': confirm}

    async def send() -> None:
        clear_errors(inputs, message)
        action.props('loading')
        try:
            code = await submit(password.value or '', confirm.value or '', sign_in_client(request))
        except Invalid as error:
            show_errors(error, inputs, message)
        except SecondStepRequired as needed:
            ui.navigate.to(f'/portal/login/{needed.step}?next={quote("/portal", safe="")}')
        except DomainError as error:
            message.set_text(error.message)
        else:
            ui.navigate.to(f'/auth/complete?code={code}&next={quote("/portal", safe="")}')
        finally:
            action.props(remove='loading')

    confirm.on('keydown.enter', send)
    action = ui.button(button, on_click=send).props('unelevated no-caps').classes('w-full')
