"""Statements by email on the staff contact page: how often the contact gets one (None, Monthly, Quarterly; saved when
chosen), and who receives it or stopped it in My Account, kept up to date while the page is open."""
from __future__ import annotations

from nicegui import ui

from components.common import live
from components.common.forms import alert, run
from domain.actors import StaffActor
from domain.contacts.statement_emails import (
    NO_SCHEDULE,
    StatementEmails,
    schedule_choices,
    set_statement_schedule,
    statement_emails,
)
from domain.errors import DomainError
from domain.events import EventKind
from domain.formats import _

_FOLLOWED = {EventKind.CONTACT_CHANGED, EventKind.CONTACT_UPDATED, EventKind.PORTAL_ACCESS}


class StatementEmailsSetting:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id
        self._showing = False  # True while a live update sets the choice: that is no change to save

    async def build(self) -> None:
        found = await statement_emails(self.actor, self.contact_id)
        with ui.row().classes('w-full items-start gap-3 no-wrap max-sm:flex-wrap'):
            self.schedule = ui.select(schedule_choices(), value=found.schedule, label=_('Email a statement'),
                                      on_change=self._save) \
                .props('outlined dense options-dense').classes('w-full sm:w-56 shrink-0').mark('statement-schedule')
            self.who = ui.label().classes('text-sm text-grey-9 sm:mt-2').mark('statement-recipients')
        self.message = alert()
        self._show(found)
        live.follow(live.about(contact_id=self.contact_id, kinds=_FOLLOWED), self._reload)

    def _show(self, found: StatementEmails) -> None:
        self._showing = True
        try:
            self.schedule.set_value(found.schedule)
        finally:
            self._showing = False
        self.who.set_text(_who(found))

    async def _reload(self, _events: object = None) -> None:
        try:
            self._show(await statement_emails(self.actor, self.contact_id))
        except DomainError:
            return

    async def _save(self) -> None:
        if self._showing:
            return
        outcome = await run(set_statement_schedule(self.actor, self.contact_id, self.schedule.value or ''),
                            inputs={'statement_schedule': self.schedule}, message=self.message,
                            success=_('Statement emails saved.'))
        if outcome.ok:
            await self._reload()


def _who(found: StatementEmails) -> str:
    if found.schedule == NO_SCHEDULE:
        return _('No statement is emailed to this contact.')
    names = ', '.join(found.receiving)
    if not found.receiving:
        parts = [_('Nobody receives it yet: only contact persons with portal access do.')]
    elif found.schedule == 'monthly':
        parts = [_('On the first day of each month, the statement of the month before goes to {names}, each in '
                   'their own language.').format(names=names)]
    else:
        parts = [_('On the first day of each quarter, the statement of the quarter before goes to {names}, each in '
                   'their own language.').format(names=names)]
    if found.stopped:
        parts.append(_('Stopped in My Account by {names}.').format(names=', '.join(found.stopped)))
    return ' '.join(parts)
