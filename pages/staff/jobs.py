"""Scheduled jobs: what the portal does by itself, when it last ran and what it did, when it runs next, what failed
and why, and Run now. For the owner, and staff the owner allows (Staff users); it updates when a run starts or
finishes, in whichever process."""
from __future__ import annotations

from nicegui import APIRouter, ui
from nicegui.elements.mixins.text_element import TextElement

from components.common import live
from components.common.forms import named, run
from components.common.heading import Heading
from components.documents.attachments import size_text
from components.staff.frame import staff_frame
from domain.actors import StaffActor
from domain.errors import NotAllowed
from domain.events import EventKind
from domain.formats import _, moment, number
from domain.jobs import staff as jobs
from domain.jobs.catalogue import BACKUP
from domain.jobs.runner import RunSummary
from domain.jobs.staff import JobsPage, JobStatus, RunRow

router = APIRouter()


@router.page('/staff/jobs')
async def jobs_page() -> None:
    async with staff_frame(_('Scheduled jobs')) as actor:
        try:
            data = await jobs.list_jobs(actor)
        except NotAllowed as error:
            with ui.card().classes('w-full').props('flat bordered role=alert'):
                ui.label(error.message).classes('text-grey-10')
            return
        view = JobsView(actor, data)
        view.show()
        live.follow(lambda event: event.kind == EventKind.JOB_RUN, lambda _events: view.load())


def last_run_text(run: RunRow) -> str:
    """'2 done, 1 failed', with what was found done already and why a run stopped, if so."""
    if run.running:
        return _('Running since {time}').format(time=moment(run.started_at))
    parts = [_('{count} done').format(count=number(run.done))]
    if run.skipped:
        parts.append(_('{count} found done already').format(count=number(run.skipped)))
    if run.failed:
        parts.append(_('{count} failed').format(count=number(run.failed)))
    if run.note:
        parts.append(_(run.note))
    return ', '.join(parts)


def started_how(run: RunRow) -> str:
    if run.trigger == 'manual':
        return _('Started by {name} in {process}').format(name=run.started_by, process=run.process)
    return _('Started by the timer in {process}').format(process=run.process)


def summary_text(title: str, summary: RunSummary) -> str:
    text = _('{job}: {done} done, {failed} failed.').format(job=title, done=number(summary.done),
                                                             failed=number(summary.failed))
    if summary.skipped:
        text += ' ' + _('{count} found done already.').format(count=number(summary.skipped))
    return text


class JobsView:
    def __init__(self, actor: StaffActor, data: JobsPage) -> None:
        self.actor = actor
        self.data = data

    def show(self) -> None:
        ui.label(_('The portal does these by itself. Each piece of work is done once, however many app processes '
                   'run; a job that could not run for a while catches up on everything due at its next run. Times '
                   'are where the business is.')).classes('text-sm text-grey-8')
        self.list_view()

    async def load(self) -> None:
        outcome = await run(jobs.list_jobs(self.actor))
        if outcome.ok and outcome.value is not None:
            self.data = outcome.value
            self.list_view.refresh()

    @ui.refreshable_method
    def list_view(self) -> None:
        if not self.data.timer_on:
            with ui.card().classes('w-full bg-blue-1 text-blue-10').props('flat role=note'):
                ui.label(_('The timer is off in this app (JOBS_INTERVAL_SECONDS=0): jobs run only when started '
                           'here.'))
        with ui.element('div').classes('w-full grid grid-cols-1 gap-3').props('role=list') as cards:
            cards.props['aria-label'] = _('Scheduled jobs')
            for job in self.data.jobs:
                self.card(job)

    def card(self, job: JobStatus) -> None:
        with ui.card().classes('w-full gap-2').props('flat bordered role=listitem').mark(f'job:{job.name}'):
            with ui.row().classes('w-full items-start no-wrap gap-3'):
                with ui.column().classes('gap-1 min-w-0 grow'):
                    Heading(job.title, level=2)
                    ui.label(job.summary).classes('text-sm text-grey-8')
                named(ui.button(_('Run now'), icon='play_arrow', on_click=lambda: self.run_now(job)),
                      _('Run now: {job}').format(job=job.title)).props('unelevated no-caps').classes('shrink-0') \
                    .mark(f'run:{job.name}')
            with ui.element('dl').classes('w-full grid grid-cols-1 sm:grid-cols-[9rem_minmax(0,1fr)] gap-x-3 '
                                          'gap-y-1 m-0 text-sm'):
                _fact(_('Runs'), job.schedule)
                if job.last_run is None:
                    _fact(_('Last run'), _('Not run yet'), 'last-run')
                else:
                    _fact(_('Last run'), f'{moment(job.last_run.started_at)}: {last_run_text(job.last_run)}',
                          'last-run')
                    _fact('', started_how(job.last_run))
                _fact(_('Next run'), moment(job.next_run) if job.next_run else _('When started here'), 'next-run')
                if job.name == BACKUP:
                    _fact(_('Last backup'), _('{time}, {size}').format(time=moment(job.last_backup.taken_at),
                                                                      size=size_text(job.last_backup.size))
                          if job.last_backup else _('None yet'), 'last-backup')
            if job.failures:
                Heading(_('Recent failures'), level=3)
                with ui.element('ul').classes('m-0 pl-5 text-sm').mark(f'failures:{job.name}'):
                    for failure in job.failures:
                        TextElement(tag='li', text=_('{time}, {what}: {reason}').format(
                            time=moment(failure.at), what=failure.label, reason=failure.reason)).classes('text-red-10')

    async def run_now(self, job: JobStatus) -> None:
        outcome = await run(jobs.run_job_now(self.actor, job.name))
        if outcome.ok and outcome.value is not None:
            summary = outcome.value
            ui.notify(summary_text(job.title, summary), type='negative' if summary.failed else 'positive')
        await self.load()


def _fact(term: str, value: str, mark: str = '') -> None:
    TextElement(tag='dt', text=term).classes('text-grey-8')
    described = TextElement(tag='dd', text=value).classes('m-0 break-words')
    if mark:
        described.mark(mark)
