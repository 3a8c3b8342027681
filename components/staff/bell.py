"""The bell in the staff header: how much client activity this staff user has not read, and the latest of it.

It follows activity events, so the count goes up while any staff page is open. Marking read is per staff user,
and the bells in the same person's other tabs follow along.
"""
from __future__ import annotations

from dataclasses import replace

from nicegui import ui
from nicegui.events import ValueChangeEventArguments

from components.common import live
from components.common.forms import run
from domain.activity import log as activity
from domain.activity.log import Bell
from domain.actors import StaffActor
from domain.errors import SessionEnded
from domain.events import Event, EventKind
from domain.formats import _, moment, ngettext

BURST = 0.25  # seconds of client activity that the count takes in one go (a view and a comment, say)
ICONS = {'viewed': 'visibility', 'accepted': 'thumb_up', 'declined': 'thumb_down', 'commented': 'chat',
         'paid': 'payments', 'forwarded': 'forward_to_inbox', 'factor_reset': 'phonelink_lock',
         'debit_failed': 'money_off', 'disputed': 'report',
         'uploaded': 'attach_file', 'expired': 'event_busy'}


class ActivityBell:
    """Every staff page loads only the count; the list is loaded when the menu opens (and kept fresh while open)."""

    def __init__(self, actor: StaffActor, bell: Bell) -> None:
        self.actor = actor
        self.bell = bell
        self.loaded = False

    @classmethod
    async def load(cls, actor: StaffActor) -> ActivityBell:
        """An empty bell when the session ended while the page was loading, rather than no page at all: the bell is
        only the header's, and the page's first action takes the person to sign in."""
        try:
            return cls(actor, await activity.activity_bell(actor, rows=False))
        except SessionEnded:
            return cls(actor, Bell(0, [], 0))

    def show(self) -> None:
        with ui.button(icon='notifications').props('flat round color=white').mark('activity-bell') as self.button:
            self.badge = ui.badge(color='red-9').props('floating rounded aria-hidden=true').mark('unread-count')
            self.menu = ui.menu().props('anchor="bottom right" self="top right"') \
                .classes('w-80 max-w-[95vw]').mark('activity-menu')
            self.menu.on_value_change(self._toggled)
            with self.menu:
                self.items()
        self._count()
        live.follow(self._wanted, self._changed, delay=BURST)

    def _wanted(self, event: Event) -> bool:
        return event.kind == EventKind.ACTIVITY or (event.kind == EventKind.ACTIVITY_READ
                                            and event.data.get('staff_id') == self.actor.staff_id)

    async def _toggled(self, event: ValueChangeEventArguments) -> None:
        if event.value:
            await run(self._reload())

    async def _changed(self, events: list[Event]) -> None:
        """New activity only adds to the count while the list is closed: no query for a hundred open pages."""
        if self.menu.value or any(event.kind != 'activity' for event in events):
            await self._reload()
            return
        new = {event.data.get('activity_id', 0) for event in events} - {0}
        self.bell = replace(self.bell, unread=self.bell.unread + len([n for n in new if n > self.bell.last_read_id]))
        self._count()

    async def _reload(self) -> None:
        rows = bool(self.menu.value)
        self.bell = await activity.activity_bell(self.actor, rows=rows)
        self._count()
        if rows:
            self.loaded = True
            self.items.refresh()

    def _count(self) -> None:
        unread = self.bell.unread
        self.badge.set_text(self.bell.count_text)
        self.badge.set_visibility(unread > 0)
        self.button.props['aria-label'] = ngettext('Client activity, {count} unread', 'Client activity, {count} unread',
                                                   unread).format(count=unread) if unread else \
            _('Client activity, nothing unread')

    @ui.refreshable_method
    def items(self) -> None:
        if not self.loaded:
            ui.label(_('Loading…')).classes('px-3 py-3 text-sm text-grey-8')
            return
        bell = self.bell
        with ui.row().classes('w-full items-center justify-between no-wrap px-3 py-2 border-b border-gray-200'):
            ui.label(_('Client activity')).classes('font-medium')
            if bell.unread:
                ui.button(_('Mark all as read'), on_click=self._mark_read).props('flat dense no-caps color=primary')
        if not bell.rows:
            ui.label(_('Nothing yet. When clients view, accept, comment on or pay a document, it shows up here.')) \
                .classes('px-3 py-3 text-sm text-grey-8')
        latest = ui.element('ul').classes('w-full m-0 p-0 list-none')
        latest.props['aria-label'] = _('Latest client activity')
        with latest:
            for row in bell.rows:
                unread = bell.is_unread(row)
                with ui.element('li').classes('border-b border-gray-200'):
                    target = row.document_link or f'/staff/contacts/{row.contact_id}'
                    with ui.link(target=target).classes('row no-wrap items-start gap-3 px-3 py-2 no-underline '
                                                        'text-grey-10 hover:bg-grey-2'):
                        ui.icon(ICONS.get(row.kind, 'info'), size='1.25rem') \
                            .classes('text-blue-grey-8 mt-0.5').props('aria-hidden=true')
                        with ui.column().classes('gap-0 min-w-0 grow'):
                            ui.label(row.sentence).classes('break-words ' + ('font-semibold' if unread else ''))
                            if row.detail:
                                ui.label(row.detail).classes('text-sm text-grey-9 break-words line-clamp-2')
                            when = _('{moment} · new').format(moment=moment(row.created_at)) if unread else \
                                moment(row.created_at)
                            ui.label(when).classes('text-xs text-grey-8')
        ui.link(_('All client activity on the dashboard'), '/staff').classes('block px-3 py-2 text-sm text-primary')

    async def _mark_read(self) -> None:
        if (await run(activity.mark_activity_read(self.actor, self.bell.newest_id))).ok:
            await self._reload()
