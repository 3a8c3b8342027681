"""Staff users: the owner adds colleagues with an initial password, disables them, or gives them a new one."""
from __future__ import annotations

import secrets

from nicegui import APIRouter, ui

from components.common.dialogs import confirm
from components.common.forms import alert, named, run
from components.common.heading import Heading
from components.staff.frame import staff_frame
from domain.access import second_factor_reset, staff_users
from domain.access.passwords import MAX_LENGTH, MIN_LENGTH
from domain.access.staff_users import StaffRow
from domain.actors import StaffActor
from domain.errors import NotAllowed
from domain.formats import DEFAULT_LANGUAGE, LANGUAGES, _, day, language_name
from domain.jobs import staff as jobs

router = APIRouter()


@router.page('/staff/users')
async def users_page() -> None:
    async with staff_frame(_('Staff users')) as actor:
        try:
            rows = await staff_users.list_staff(actor)
            languages = await staff_users.staff_languages(actor)
        except NotAllowed as error:
            with ui.card().classes('w-full').props('flat bordered role=alert'):
                ui.label(error.message).classes('text-grey-10')
            return
        StaffList(actor, rows, languages).show()


def suggested_password() -> str:
    return '-'.join(secrets.token_urlsafe(6) for _index in range(2))


def password_rules() -> str:
    return _('{minimum} to {maximum} characters, not a common password. They choose their own when they first sign '
             'in.').format(minimum=MIN_LENGTH, maximum=MAX_LENGTH)


class StaffList:
    def __init__(self, actor: StaffActor, rows: list[StaffRow], languages: dict[int, str]) -> None:
        self.actor = actor
        self.rows = rows
        self.languages = languages

    def show(self) -> None:
        with ui.row().classes('w-full items-center'):
            ui.label(_('Everyone here can sign in to the staff side. Only you, the owner, can change this list.')) \
                .classes('text-sm text-grey-8')
            ui.space()
            ui.button(_('Add staff user'), icon='person_add', on_click=self.add).props('unelevated no-caps')
        self.list_view()

    async def reload(self) -> None:
        outcome = await run(staff_users.list_staff(self.actor))
        languages = await run(staff_users.staff_languages(self.actor))
        if outcome.ok and outcome.value is not None:
            self.rows = outcome.value
            self.languages = languages.value or {}
            self.list_view.refresh()

    @ui.refreshable_method
    def list_view(self) -> None:
        with ui.element('div').classes('w-full grid grid-cols-1 md:grid-cols-2 gap-3').props('role=list') as cards:
            cards.props['aria-label'] = _('Staff users')
            for row in self.rows:
                self.card(row)

    def card(self, row: StaffRow) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered role=listitem').mark(f'staff:{row.email}'):
            with ui.row().classes('w-full items-start no-wrap gap-3'):
                with ui.column().classes('gap-0 min-w-0 grow'):
                    ui.label(_('{name} (you)').format(name=row.name) if row.is_you else row.name) \
                        .classes('font-medium break-words')
                    ui.label(row.email).classes('text-sm text-grey-8 break-all')
                    ui.label(_('Added {date}').format(date=day(row.created_at))).classes('text-xs text-grey-8')
                with ui.column().classes('items-end gap-1 shrink-0'):
                    _chip(_('Owner') if row.is_owner else _('Staff'), 'blue')
                    if not row.is_active:
                        _chip(_('Disabled'), 'red')
                    elif row.must_change_password:
                        _chip(_('Must change password'), 'amber')
                    else:
                        _chip(_('Active'), 'green')
                    if row.second_factor_on:
                        _chip(_('Two-step on'), 'green')
            language = self.languages.get(row.id, DEFAULT_LANGUAGE)
            if row.is_owner or row.is_you:
                ui.label(_('Language: {language}').format(language=language_name(language))) \
                    .classes('text-sm text-grey-8').mark(f'language:{row.email}')
                return
            named(ui.select(dict(LANGUAGES), value=language if language in LANGUAGES else DEFAULT_LANGUAGE,
                            label=_('Language'), on_change=lambda e: self.set_language(row, str(e.value or ''))),
                  _('Language of {name}').format(name=row.name)).props('outlined dense') \
                .classes('w-full sm:w-56').mark(f'language:{row.email}')
            named(ui.switch(_("May reset clients' two-step sign-in"), value=row.may_reset_second_factor,
                            on_change=lambda e: self.allow_resets(row, bool(e.value))),
                  _("{name} may reset clients' two-step sign-in").format(name=row.name)) \
                .mark(f'may-reset:{row.email}')
            named(ui.switch(_('May run scheduled jobs'), value=row.may_run_jobs,
                            on_change=lambda e: self.allow_jobs(row, bool(e.value))),
                  _('{name} may see and run the scheduled jobs').format(name=row.name)) \
                .mark(f'may-run-jobs:{row.email}')
            with ui.row().classes('w-full gap-1'):
                if row.is_active:
                    named(ui.button(_('Disable'), icon='block', on_click=lambda: self.disable(row)),
                          _('Disable {name}').format(name=row.name)) \
                        .props('flat dense no-caps color=negative').classes('px-2')
                    named(ui.button(_('Set a new password'), icon='password', on_click=lambda: self.reset(row)),
                          _('Set a new password for {name}').format(name=row.name)) \
                        .props('flat dense no-caps color=grey-9').classes('px-2')
                    if row.second_factor_on:
                        named(ui.button(_('Reset two-step sign-in'), icon='phonelink_erase',
                                        on_click=lambda: self.reset_second_factor(row)),
                              _('Reset two-step sign-in of {name}').format(name=row.name)) \
                            .props('flat dense no-caps color=grey-9').classes('px-2')
                else:
                    named(ui.button(_('Enable'), icon='check_circle', on_click=lambda: self.enable(row)),
                          _('Enable {name}').format(name=row.name)).props('flat dense no-caps').classes('px-2')

    async def set_language(self, row: StaffRow, language: str) -> None:
        if language == self.languages.get(row.id, DEFAULT_LANGUAGE):
            return
        outcome = await run(staff_users.set_staff_language(self.actor, row.id, language),
                                success=_('{name} now reads the staff side in {language}.').format(
                                    name=row.name, language=language_name(language)))
        if outcome.ok:
            self.languages[row.id] = language
        else:
            await self.reload()

    async def add(self) -> None:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            Heading(_('Add staff user'), level=2)
            message = alert()
            name = ui.input(_('Name *')).props('outlined maxlength=100 autofocus').classes('w-full').mark('name')
            email = ui.input(_('Email *')).props('outlined maxlength=254 type=email').classes('w-full').mark('email')
            password = ui.input(_('Initial password *'), value=suggested_password()) \
                .props('outlined maxlength=64 autocomplete=new-password').classes('w-full').mark('password')
            password.props['hint'] = password_rules()
            with ui.row().classes('w-full justify-end -mt-1'):
                ui.button(_('Suggest another'), icon='autorenew',
                          on_click=lambda: password.set_value(suggested_password())).props('flat dense no-caps')
            ui.label(_('Give them this password in person or by phone, not in the same email as the address.')) \
                .classes('text-sm text-grey-8')
            language = ui.select(dict(LANGUAGES), value=self.actor.language if self.actor.language in LANGUAGES
                                 else DEFAULT_LANGUAGE, label=_('Language')).props('outlined').classes('w-full') \
                .mark('language')
            language.props['hint'] = _('The language of their staff pages and emails')

            async def submit() -> None:
                outcome = await run(
                    staff_users.add_staff_speaking(self.actor, name.value or '', email.value or '',
                                                   password.value or '', language.value or ''),
                    inputs={'name': name, 'email': email, 'password': password, 'language': language},
                    message=message)
                if outcome.ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
                ui.button(_('Add staff user'), on_click=submit).props('unelevated no-caps').mark('add-staff-submit')
        added = await dialog
        dialog.delete()
        if added:
            ui.notify(_('Staff user added. They must change the password when they first sign in.'), type='positive')
            await self.reload()

    async def disable(self, row: StaffRow) -> None:
        if await confirm(_('Disable {name}?').format(name=row.name),
                         _('{name} is signed out at once and can no longer sign in.').format(name=row.name),
                         yes=_('Disable'), danger=True):
            if (await run(staff_users.disable_staff(self.actor, row.id),
                              success=_('{name} disabled.').format(name=row.name))).ok:
                await self.reload()

    async def enable(self, row: StaffRow) -> None:
        if (await run(staff_users.enable_staff(self.actor, row.id),
                          success=_('{name} can sign in again.').format(name=row.name))).ok:
            await self.reload()

    async def allow_resets(self, row: StaffRow, allowed: bool) -> None:
        done = (_("{name} may now reset clients' two-step sign-in.") if allowed
                else _("{name} may no longer reset clients' two-step sign-in.")).format(name=row.name)
        if not (await run(second_factor_reset.allow_resets(self.actor, row.id, allowed), success=done)).ok:
            await self.reload()

    async def allow_jobs(self, row: StaffRow, allowed: bool) -> None:
        done = (_('{name} may now see and run the scheduled jobs.') if allowed
                else _('{name} may no longer see or run the scheduled jobs.')).format(name=row.name)
        if not (await run(jobs.allow_running_jobs(self.actor, row.id, allowed), success=done)).ok:
            await self.reload()

    async def reset_second_factor(self, row: StaffRow) -> None:
        if await confirm(_('Reset two-step sign-in of {name}?').format(name=row.name),
                         _('{name} is signed out, signs in with the password alone (or sets two-step sign-in up '
                           'again if you require it), and is emailed.').format(name=row.name),
                         yes=_('Reset two-step sign-in'), danger=True):
            if (await run(second_factor_reset.reset_staff_factor(self.actor, row.id),
                              success=_('Two-step sign-in of {name} was reset.').format(name=row.name))).ok:
                await self.reload()

    async def reset(self, row: StaffRow) -> None:
        with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
            Heading(_('New password for {name}').format(name=row.name), level=2)
            ui.label(_('They are signed out and must choose their own password at their next sign-in.')) \
                .classes('text-sm text-grey-8')
            message = alert()
            password = ui.input(_('Initial password *'), value=suggested_password()) \
                .props('outlined maxlength=64 autocomplete=new-password').classes('w-full').mark('reset-password')

            async def submit() -> None:
                outcome = await run(staff_users.reset_staff_password(self.actor, row.id, password.value or ''),
                                        inputs={'password': password}, message=message)
                if outcome.ok:
                    dialog.submit(True)

            with ui.row().classes('w-full justify-end gap-2'):
                ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat no-caps color=grey-9')
                ui.button(_('Set password'), on_click=submit).props('unelevated no-caps')
        done = await dialog
        dialog.delete()
        if done:
            ui.notify(_('New password set for {name}.').format(name=row.name), type='positive')
            await self.reload()


_CHIP_COLOURS = {'blue': 'bg-blue-1 text-blue-10', 'red': 'bg-red-1 text-red-10', 'amber': 'bg-amber-1 text-brown-10',
                 'green': 'bg-green-1 text-green-10'}


def _chip(text: str, colour: str) -> None:
    ui.label(text).classes('inline-block rounded px-2 py-0.5 text-xs font-medium uppercase tracking-wide') \
        .classes(_CHIP_COLOURS[colour])
