"""The "Payment reminders" card of Portal settings: reminders and late fees on or off, and the schedule's levels,
each with its day counted from the due date, its late fee and its email in every portal language.

A message about a field goes under it (`level-N-days`, `level-N-subject-de`, ...); the email texts of a level fold
away, and open by themselves when one of their fields has something to say.
"""
from __future__ import annotations

from nicegui import ui
from nicegui.elements.mixins.validation_element import ValidationElement

from components.common.forms import alert, named, run, show_errors
from components.common.heading import Heading
from domain.actors import StaffActor
from domain.errors import Invalid
from domain.formats import LANGUAGES, N_, _
from domain.reminders import schedule as reminders
from domain.reminders.rules import MAX_LEVELS, MAX_MESSAGE, MAX_SUBJECT
from domain.reminders.schedule import LevelForm, ScheduleForm, ScheduleView

FEE_CHOICES = {'none': N_('No late fee'), 'flat': N_('A flat amount'), 'percent': N_('A percent of the amount due')}


class ScheduleCard:
    def __init__(self, actor: StaffActor, view: ScheduleView) -> None:
        self.actor = actor
        self.currency = view.currency
        self.form = view.form
        self.inputs: dict[str, ValidationElement] = {}
        self.texts: list[ui.expansion] = []  # each level's email texts

    @classmethod
    async def build(cls, actor: StaffActor) -> ScheduleCard:
        card = cls(actor, await reminders.get_schedule(actor))
        card.show()
        return card

    def show(self) -> None:
        with ui.card().classes('w-full gap-3').props('flat bordered').mark('reminders'):
            Heading(_('Payment reminders'), level=2)
            ui.label(_('Reminders go by email to the people of each contact who receive invoices, each in their '
                       'language, with the amount still due and a link to the invoice. A level is a day counted from '
                       'the due date: -3 is three days before it, 0 the due date, 7 a week after. Each invoice is '
                       'reminded once per level; after days without a run only the latest level due is sent. In '
                       'the texts, {placeholders} are filled in.').format(
                placeholders=', '.join('{' + name + '}' for name in ('number', 'amount_due', 'due_date',
                                                                      'days_overdue', 'link')))) \
                .classes('text-sm text-grey-8 -mt-2')
            self.on = ui.switch(_('Send payment reminders'), value=self.form.reminders_on).mark('reminders_on')
            self.fees = ui.switch(_('Add late fees'), value=self.form.late_fees_on).mark('late_fees_on')
            ui.label(_('A late fee is an invoice of its own for the contact, added with the reminder of its level; '
                       'the invoice that was late stays as the client saw it. Staff can waive a fee on its page.')) \
                .classes('text-sm text-grey-8 -mt-3 ml-12')
            self.levels_area = ui.column().classes('w-full gap-3')
            self.levels()
            self.message = alert()
            with ui.row().classes('w-full items-center gap-2'):
                self.add_button = ui.button(_('Add level'), icon='add', on_click=self.add_level) \
                    .props('outline no-caps')
                ui.space()
                ui.button(_('Save reminders'), on_click=self.save).props('unelevated no-caps')

    @ui.refreshable_method
    def levels(self) -> None:
        self.inputs, self.texts = {}, []
        for index, level in enumerate(self.form.levels):
            self.level(index, level)
        if not self.form.levels:
            ui.label(_('No levels: nothing is sent.')).classes('text-sm text-grey-8')

    def level(self, index: int, level: LevelForm) -> None:
        name = f'level-{index}'
        with ui.card().classes('w-full gap-2').props('flat bordered').mark(name):
            with ui.row().classes('w-full items-center gap-2'):
                Heading(_('Level {number}').format(number=index + 1), level=3)
                ui.space()
                named(ui.button(icon='delete', on_click=lambda i=index: self.remove_level(i)).props('flat round'),
                      _('Remove level {number}').format(number=index + 1)).mark(f'{name}-remove')
            with ui.element('div').classes('w-full grid grid-cols-1 sm:grid-cols-3 gap-x-4 gap-y-1'):
                days = self._input(f'{name}-days', _('Days from the due date'), level.days, 4)
                days.props['hint'] = _('Negative before the due date, 0 on it')
                kind = ui.select({key: _(text) for key, text in FEE_CHOICES.items()}, value=level.fee_kind,
                                 label=_('Late fee')).props('outlined').classes('w-full').mark(f'{name}-fee_kind')
                self.inputs[f'{name}-fee_kind'] = kind
                amount = self._input(f'{name}-fee_amount', _('Amount ({currency})').format(currency=self.currency),
                                     level.fee_amount, 20)
                percent = self._input(f'{name}-fee_percent', _('Percent of the amount due'), level.fee_percent, 10)
                cap = self._input(f'{name}-fee_cap', _('At most ({currency})').format(currency=self.currency),
                                  level.fee_cap, 20)
                cap.props['hint'] = _('Empty: no cap')

                def shown(kind: ui.select = kind, amount: ui.input = amount, percent: ui.input = percent,
                          cap: ui.input = cap) -> None:
                    amount.set_visibility(kind.value == 'flat')
                    percent.set_visibility(kind.value == 'percent')
                    cap.set_visibility(kind.value == 'percent')
                kind.on_value_change(shown)
                shown()
            with ui.expansion(_('Email texts')).classes('w-full').props('dense') as texts:
                self.texts.append(texts)
                for language, language_name in LANGUAGES.items():
                    ui.label(language_name).classes('text-sm font-medium mt-2')
                    self._input(f'{name}-subject-{language}', _('Subject ({language})').format(language=language),
                                level.subjects.get(language, ''), MAX_SUBJECT)
                    message = ui.textarea(_('Message ({language})').format(language=language),
                                          value=level.messages.get(language, '')) \
                        .props('outlined autogrow').classes('w-full').mark(f'{name}-message-{language}')
                    message.props['maxlength'] = MAX_MESSAGE
                    self.inputs[f'{name}-message-{language}'] = message

    def _input(self, name: str, label: str, value: str, limit: int) -> ui.input:
        element = ui.input(label, value=value).props('outlined').classes('w-full').mark(name)
        element.props['maxlength'] = limit
        self.inputs[name] = element
        return element

    def typed(self) -> ScheduleForm:
        """What the fields hold now."""
        def value(name: str) -> str:
            return str(self.inputs[name].value or '')
        levels = []
        for index in range(len(self.form.levels)):
            name = f'level-{index}'
            levels.append(LevelForm(
                days=value(f'{name}-days'),
                subjects={language: value(f'{name}-subject-{language}') for language in LANGUAGES},
                messages={language: value(f'{name}-message-{language}') for language in LANGUAGES},
                fee_kind=value(f'{name}-fee_kind') or 'none', fee_amount=value(f'{name}-fee_amount'),
                fee_percent=value(f'{name}-fee_percent'), fee_cap=value(f'{name}-fee_cap')))
        return ScheduleForm(bool(self.on.value), bool(self.fees.value), levels)

    def add_level(self) -> None:
        self.form = self.typed()
        if len(self.form.levels) >= MAX_LEVELS:
            self.message.set_text(_('A schedule has at most {count} levels.').format(count=MAX_LEVELS))
            return
        days = [int(level.days) for level in self.form.levels if level.days.lstrip('-').isdigit()]
        self.form.levels.append(reminders.new_level_form(max(days, default=0) + 7))
        self.levels.refresh()

    def remove_level(self, index: int) -> None:
        self.form = self.typed()
        del self.form.levels[index]
        self.levels.refresh()

    async def save(self) -> None:
        self.form = self.typed()
        await run(reminders.save_schedule(self.actor, self.form), inputs=self.inputs, message=self.message,
                  success=_('Payment reminders saved.'), invalid=self.show_invalid)

    def show_invalid(self, error: Invalid) -> None:
        show_errors(error, self.inputs, self.message)
        self.message.set_text(' '.join(filter(None, (_('Nothing was saved: please correct the fields marked.'),
                                                     self.message.text))))
        for index, texts in enumerate(self.texts):
            if any(name.startswith(f'level-{index}-subject-') or name.startswith(f'level-{index}-message-')
                   for name in error.fields):
                texts.open()
