"""Statement of Accounts for a chosen period: This month, Last month, This quarter, This year or custom dates;
Download PDF and Print give the same statement on paper."""
from nicegui import APIRouter, ui

from components.common.forms import run
from components.common.frame import portal_frame
from components.documents.pdf_actions import statement_actions
from components.documents.statement import StatementView
from components.portal.filter_choice import FilterChoice
from domain.actors import PortalActor
from domain.formats import _
from domain.statements.access import portal_statement_for
from domain.statements.rules import STATEMENT_PERIODS
from domain.statements.statement import Cursor, more_statement_lines

router = APIRouter()


@router.page('/portal/statement')
async def statement_page(period: str = 'this_year', start: str = '', end: str = '') -> None:
    async with portal_frame(_('Statement of Accounts')) as actor:
        page = StatementPage(actor, period if period in STATEMENT_PERIODS else 'this_year', start, end)
        await page.show()


class StatementPage:
    def __init__(self, actor: PortalActor, period: str, start: str, end: str) -> None:
        self.actor = actor
        self.dates = (start, end)
        self.inputs: dict[str, ui.input] = {}
        with ui.row().classes('w-full items-start gap-3'):
            periods = {value: _(text) for value, text in STATEMENT_PERIODS.items()}
            self.period = FilterChoice(_('Period'), periods, period, on_choose=self._period_changed) \
                .classes('w-full sm:w-56')
            self.custom = ui.row().classes('items-start gap-3 max-sm:w-full')
        self.custom.set_visibility(period == 'custom')  # hidden and empty until custom dates are chosen
        if period == 'custom':
            self._custom_dates()

    def _custom_dates(self) -> None:
        """The date fields of a custom period, made when that period is first chosen."""
        with self.custom:
            start, end = self.dates
            self.inputs['start'] = ui.input(_('First day'), value=start) \
                .props('type=date outlined dense stack-label').classes('max-sm:flex-1')
            self.inputs['end'] = ui.input(_('Last day'), value=end).props('type=date outlined dense stack-label') \
                .classes('max-sm:flex-1')
            ui.button(_('Show statement'), on_click=self.show.refresh).props('unelevated no-caps') \
                .classes('max-sm:w-full sm:mt-1')

    def _period_changed(self, period: str) -> None:
        custom = period == 'custom'
        if custom and not self.inputs:
            self._custom_dates()
        self.custom.set_visibility(custom)
        if not custom:
            self.show.refresh()  # in the background, as NiceGUI runs a refresh nobody awaits

    def _date(self, name: str) -> str:
        field = self.inputs.get(name)
        return field.value or '' if field is not None else ''

    @ui.refreshable_method
    async def show(self) -> None:
        period = self.period.value
        statement = (await run(portal_statement_for(self.actor, period, self._date('start'), self._date('end')),
                               inputs=self.inputs)).value
        if statement is None:
            return
        ui.navigate.history.replace(f'/portal/statement?period={period}' if period != 'custom' else
                                    f'/portal/statement?period=custom&start={statement.start.isoformat()}'
                                    f'&end={statement.end.isoformat()}')

        async def more(after: Cursor):
            return (await run(more_statement_lines(self.actor, statement, after))).value

        with ui.row().classes('w-full justify-end gap-2'):
            statement_actions(self.actor, statement).buttons()
        StatementView(statement, more)
