"""Staff users: the owner adds colleagues with an initial password, disables them, or gives them a new one."""
from __future__ import annotations

import secrets

from nicegui import APIRouter, ui

from components.common.dialogs import confirm
from components.common.forms import alert
from components.common.frame import staff_frame
from components.common.heading import Heading
from components.staff.action import named, perform
from domain.access import second_factor_reset, staff_users
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.access.staff_users import StaffRow
from domain.actors import StaffActor
from domain.errors import NotAllowed
from domain.formats import day

router = APIRouter()
RULES = f'{MIN_LENGTH} to {MAX_LENGTH} characters, not a common password. They choose their own when they first sign in.'


@router.page('/staff/users')
async def users_page() -> None:
    async with staff_frame('Staff users') as actor:
        try:
            rows = await staff_users.list_staff(actor)
        except NotAllowed as error:
            with ui.card().classes('w-full').props('flat bordered role=alert'):
                ui.label(error.message).classes('text-grey-10')
            return
        StaffList(actor, rows).show()


def suggested_password() -> str:
    return '-'.join(secrets.token_urlsafe(6) for _ in range(2))


class StaffList:
    def __init__(self, actor: StaffActor, rows: list[StaffRow]) -> None:
        self.actor = actor
        self.rows = rows

    def show(self) -> None:
        with ui.row().classes('w-full items-center'):
            ui.label('Everyone here can sign in to the staff side. Only you, the owner, can change this list.') \
                .classes('text-sm text-grey-8')
            ui.space()
            ui.button('Add staff user', icon='person_add', on_click=self.add).props('unelevated no-caps')
        self.list_view()

    async def reload(self) -> None:
        outcome = await perform(staff_users.list_staff(self.actor))
        if outcome.ok and outcome.value is not None:
            self.rows = outcome.value
            self.list_view.refresh()

    @ui.refreshable_method
    def list_view(self) -> None:
        with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-3') \
                .props('role=list aria-label="Staff users"'):
            for row in self.rows:
                self.card(row)

    def card(self, row: StaffRow) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered role=listitem').mark(f'staff:{row.email}'):
            with ui.row().classes('w-full items-start no-wrap gap-3'):
                with ui.column().classes('gap-0 min-w-0 grow'):
                    ui.label(row.name + (' (you)' if row.is_you else '')).classes('font-medium break-words')
                    ui.label(row.email).classes('text-sm text-grey-8 break-all')
                    ui.label(f'Added {day(row.created_at)}').classes('text-xs text-grey-8')
                with ui.column().classes('items-end gap-1 shrink-0'):
                    _chip('Owner' if row.is_owner else 'Staff', 'blue')
                    if not row.is_active:
                        _chip('Disabled', 'red')
                    elif row.must_change_password:
                        _chip('Must change password', 'amber')
                    else:
                        _chip('Active', 'green')
                    if row.second_factor_on:
                        _chip('Two-step on', 'green')
            if row.is_owner or row.is_you:
                return
            named(ui.switch("May reset clients' two-step sign-in", value=row.may_reset_second_factor,
                            on_change=lambda e: self.allow_resets(row, bool(e.value))),
                  f"{row.name} may reset clients' two-step sign-in").mark(f'may-reset:{row.email}')
            with ui.row().classes('w-full gap-1'):
                if row.is_active:
                    named(ui.button('Disable', icon='block', on_click=lambda: self.disable(row)),
                          f'Disable {row.name}').props('flat dense no-caps color=negative').classes('px-2')
                    named(ui.button('Set a new password', icon='password', on_click=lambda: self.reset(row)),
                          f'Set a new password for {row.name}').props('flat dense no-caps color=grey-9') \
                        .classes('px-2')
                    if row.second_factor_on:
                        named(ui.button('Reset two-step sign-in', icon='phonelink_erase',
                                        on_click=lambda: self.reset_second_factor(row)),
                              f'Reset two-step sign-in of {row.name}').props('flat dense no-caps color=grey-9') \
                            .classes('px-2')
                else:
                    named(ui.button('Enable', icon='check_circle', on_click=lambda: self.enable(row)),
                          f'Enable {row.name}').props('flat dense no-caps').classes('px-2')

    async def add(self) -> None:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            Heading('Add staff user', level=2)
            message = alert()
            name = ui.input('Name *').props('outlined maxlength=100 autofocus').classes('w-full').mark('name')
            email = ui.input('Email *').props('outlined maxlength=254 type=email').classes('w-full').mark('email')
            password = ui.input('Initial password *', value=suggested_password()) \
                .props('outlined maxlength=64 autocomplete=new-password').classes('w-full').mark('password')
            password.props['hint'] = RULES
            with ui.row().classes('w-full justify-end -mt-1'):
                ui.button('Suggest another', icon='autorenew',
                          on_click=lambda: password.set_value(suggested_password())).props('flat dense no-caps')
            ui.label('Give them this password in person or by phone, not in the same email as the address.') \
                .classes('text-sm text-grey-8')

            async def submit() -> None:
                outcome = await perform(
                    staff_users.add_staff(self.actor, name.value or '', email.value or '', password.value or ''),
                    inputs={'name': name, 'email': email, 'password': password}, message=message)
                if outcome.ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
                ui.button('Add staff user', on_click=submit).props('unelevated no-caps').mark('add-staff-submit')
        added = await dialog
        dialog.delete()
        if added:
            ui.notify('Staff user added. They must change the password when they first sign in.', type='positive')
            await self.reload()

    async def disable(self, row: StaffRow) -> None:
        if await confirm(f'Disable {row.name}?', f'{row.name} is signed out at once and can no longer sign in.',
                         yes='Disable', danger=True):
            if (await perform(staff_users.disable_staff(self.actor, row.id), success=f'{row.name} disabled.')).ok:
                await self.reload()

    async def enable(self, row: StaffRow) -> None:
        if (await perform(staff_users.enable_staff(self.actor, row.id), success=f'{row.name} can sign in again.')).ok:
            await self.reload()

    async def allow_resets(self, row: StaffRow, allowed: bool) -> None:
        done = f'{row.name} may now reset' if allowed else f'{row.name} may no longer reset'
        if not (await perform(second_factor_reset.allow_resets(self.actor, row.id, allowed),
                              success=f"{done} clients' two-step sign-in.")).ok:
            await self.reload()

    async def reset_second_factor(self, row: StaffRow) -> None:
        if await confirm(f'Reset two-step sign-in of {row.name}?', f'{row.name} is signed out, signs in with the '
                         'password alone (or sets two-step sign-in up again if you require it), and is emailed.',
                         yes='Reset two-step sign-in', danger=True):
            if (await perform(second_factor_reset.reset_staff_factor(self.actor, row.id),
                              success=f'Two-step sign-in of {row.name} was reset.')).ok:
                await self.reload()

    async def reset(self, row: StaffRow) -> None:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            Heading(f'New password for {row.name}', level=2)
            ui.label('They are signed out and must choose their own password at their next sign-in.') \
                .classes('text-sm text-grey-8')
            message = alert()
            password = ui.input('Initial password *', value=suggested_password()) \
                .props('outlined maxlength=64 autocomplete=new-password').classes('w-full').mark('reset-password')

            async def submit() -> None:
                outcome = await perform(staff_users.reset_staff_password(self.actor, row.id, password.value or ''),
                                        inputs={'password': password}, message=message)
                if outcome.ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button('Cancel', on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
                ui.button('Set password', on_click=submit).props('unelevated no-caps')
        done = await dialog
        dialog.delete()
        if done:
            ui.notify(f'New password set for {row.name}.', type='positive')
            await self.reload()


_CHIP_COLOURS = {'blue': 'bg-blue-1 text-blue-10', 'red': 'bg-red-1 text-red-10', 'amber': 'bg-amber-1 text-brown-10',
                 'green': 'bg-green-1 text-green-10'}


def _chip(text: str, colour: str) -> None:
    ui.label(text).classes('inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide') \
        .classes(_CHIP_COLOURS[colour])
