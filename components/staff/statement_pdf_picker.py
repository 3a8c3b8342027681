"""Choose a period and download or print one contact's statement of accounts (the staff contact page).

Print is a link, so it is only offered once the period is complete: with custom dates it stays disabled until both
days are filled in and make a period. Download checks the period on the server and shows what is wrong next to the
field.
The PDF is in the contact's primary person's language unless staff choose another one under "PDF language".
"""
from __future__ import annotations

from nicegui import ui

from components.common.forms import clear_errors, show_errors
from components.documents.pdf_actions import PdfActions, statement_url
from domain.actors import StaffActor
from domain.errors import Invalid
from domain.formats import LANGUAGES, _
from domain.statements.access import custom_dates, staff_statement_for
from domain.statements.rules import period_choices
from integrations.pdf.statement import statement_filename, statement_pdf


class StatementPdfPicker:
    def __init__(self, actor: StaffActor, contact_id: int) -> None:
        self.actor = actor
        self.contact_id = contact_id
        with ui.row().classes('w-full items-start gap-3'):
            self.period = ui.select(period_choices(), value='this_year', label=_('Period'),
                                    on_change=self._changed) \
                .props('outlined dense options-dense').classes('w-full sm:w-56').without_auto_validation()
            with ui.row().classes('items-start gap-3 max-sm:w-full') as custom:
                self.start = ui.input(_('First day'), on_change=self._changed) \
                    .props('type=date outlined dense stack-label').classes('max-sm:flex-1').without_auto_validation()
                self.end = ui.input(_('Last day'), on_change=self._changed) \
                    .props('type=date outlined dense stack-label').classes('max-sm:flex-1').without_auto_validation()
            custom.bind_visibility_from(self.period, 'value', backward=lambda value: value == 'custom')
            self.language = ui.select({'': _("The contact's language"), **LANGUAGES}, value='',
                                      label=_('PDF language'), on_change=self._changed) \
                .props('outlined dense options-dense').classes('w-full sm:w-56').without_auto_validation()
            self.language.mark('statement-language')
        self.inputs = {'period': self.period, 'start': self.start, 'end': self.end}
        self.actions = PdfActions(actor, _('the statement'), self._url(inline=True), self._render)
        self.actions.inputs = self.inputs
        with ui.row().classes('gap-2'):
            _download, self.print = self.actions.buttons()

    def query(self) -> dict[str, str]:
        chosen = {'lang': self.language.value} if self.language.value else {}
        if self.period.value != 'custom':
            return {'period': self.period.value, **chosen}
        return {'period': 'custom', 'start': self.start.value or '', 'end': self.end.value or '', **chosen}

    def _url(self, *, inline: bool) -> str:
        return statement_url(self.actor, self.contact_id, self.query(), inline=inline)

    def _changed(self) -> None:
        """Keep Print pointing at the chosen period; tell at once when two filled-in days make no period."""
        clear_errors(self.inputs)
        usable = True
        query = self.query()
        if query['period'] == 'custom':
            try:
                custom_dates(query['start'], query['end'])
            except Invalid as error:
                usable = False
                if query['start'] and query['end']:
                    show_errors(error, self.inputs)
        self.actions.print_url = self._url(inline=True)
        self.print.props['href'] = self.actions.print_url
        self.print.set_enabled(usable)
        self.print.update()

    async def _render(self) -> tuple[str, bytes]:
        query = self.query()
        statement = await staff_statement_for(self.actor, self.contact_id, query['period'], query.get('start', ''),
                                              query.get('end', ''))
        chosen = self.language.value or None
        return statement_filename(statement, chosen), await statement_pdf(statement, language=chosen)
