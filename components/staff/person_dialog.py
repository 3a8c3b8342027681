"""The dialog for adding or editing a contact person. It stays open until the person is saved or it is cancelled."""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from nicegui import ui

from components.common.forms import alert, run
from components.common.heading import Heading
from domain.contacts.persons import PersonForm
from domain.formats import LANGUAGES, _


async def person_dialog(title: str, initial: PersonForm, save: Callable[[PersonForm], Awaitable[Any]], *,
                        primary_fixed: bool = False) -> bool:
    """Show the form; `save` is the use case to call with what was typed. True once it has saved.

    `primary_fixed` is for the current primary person: the mark moves only by making someone else primary.
    The dialog lives in the page's content, so a live refresh of the list it was opened from leaves it alone.
    """
    with ui.context.client.content, ui.dialog() as dialog, ui.card().classes('w-full max-w-lg gap-3'):
        Heading(title, level=2)
        message = alert()
        with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-2 gap-x-4 gap-y-1'):
            first_name = ui.input(_('First name *'), value=initial.first_name) \
                .props('outlined maxlength=100 autofocus').classes('w-full')
            last_name = ui.input(_('Last name'), value=initial.last_name).props('outlined maxlength=100').classes('w-full')
            email = ui.input(_('Email *'), value=initial.email) \
                .props('outlined maxlength=254 type=email').classes('w-full sm:col-span-2')
            email.props['hint'] = _('Also their portal sign-in')
            phone = ui.input(_('Phone'), value=initial.phone).props('outlined maxlength=50 type=tel').classes('w-full')
            mobile = ui.input(_('Mobile'), value=initial.mobile).props('outlined maxlength=50 type=tel').classes('w-full')
            language = ui.select(dict(LANGUAGES), label=_('Language'),
                                 value=initial.language if initial.language in LANGUAGES else None) \
                .props('outlined').classes('w-full sm:col-span-2')
            language.props['hint'] = _('Portal, emails and PDFs for this person are in this language')
        primary = ui.checkbox(_('Primary contact person'), value=initial.is_primary or primary_fixed)
        if primary_fixed:
            primary.disable()
            ui.label(_('To change the primary person, make another person primary.')).classes('text-sm text-grey-8')
        inputs = {'first_name': first_name, 'last_name': last_name, 'email': email, 'phone': phone, 'mobile': mobile,
                  'language': language}
        for name, element in inputs.items():
            element.mark(f'person-{name}')

        async def submit() -> None:
            form = PersonForm(first_name=first_name.value or '', last_name=last_name.value or '',
                              email=email.value or '', phone=phone.value or '', mobile=mobile.value or '',
                              is_primary=bool(primary.value), language=language.value or '')
            save_button.props('loading')
            try:
                outcome = await run(save(form), inputs=inputs, message=message)
            finally:
                save_button.props(remove='loading')
            if outcome.ok:
                dialog.submit(True)

        for element in (first_name, last_name, email, phone, mobile):
            element.on('keydown.enter', submit)
        with ui.row().classes('w-full justify-end gap-2'):
            ui.button(_('Cancel'), on_click=lambda: dialog.submit(False)).props('flat color=grey-9')
            save_button = ui.button(_('Save person'), on_click=submit).props('unelevated')
    saved = await dialog
    dialog.delete()
    return bool(saved)
