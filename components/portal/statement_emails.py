"""My Account's "Statements by email": when the business emails the person's company a statement, the person can stop
receiving it (and start again). Shown only while the company is set to receive one."""
from __future__ import annotations

from nicegui import ui

from components.common.forms import alert, run
from components.common.heading import Heading
from domain.actors import PortalActor
from domain.contacts.statement_emails import NO_SCHEDULE, MyStatementEmails, set_my_statement_emails
from domain.formats import _


class MyStatementEmailsCard:
    def __init__(self, actor: PortalActor, mine: MyStatementEmails) -> None:
        self.actor = actor
        if mine.schedule == NO_SCHEDULE:
            return
        Heading(_('Statements by email'), level=2)
        with ui.card().classes('w-full gap-3').props('flat bordered'):
            ui.label(_('On the first day of each month, we email you the statement of accounts of the month before, '
                       'with its PDF.') if mine.schedule == 'monthly' else
                     _('On the first day of each quarter, we email you the statement of accounts of the quarter '
                       'before, with its PDF.')).classes('text-grey-9 text-sm')
            self.switch = ui.switch(_('Email me the statement'), value=mine.receiving, on_change=self.save) \
                .mark('statement-emails')
            self.message = alert()

    async def save(self) -> None:
        receive = bool(self.switch.value)
        await run(set_my_statement_emails(self.actor, receive), message=self.message,
                  success=_('You will receive the statement by email.') if receive else
                  _('You will no longer receive the statement by email.'))
