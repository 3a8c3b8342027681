"""Choosing a contact by typing part of its name or email; the database is searched, never loaded whole."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from domain.actors import StaffActor
from domain.documents.lists import ContactChoice, contact_choice, find_contacts
from domain.formats import _

SHOWN = 30


class ContactPicker:
    def __init__(self, actor: StaffActor, *, label: str = '', clearable: bool = False,
                 on_change: Callable[[int | None], Awaitable[None] | None] | None = None) -> None:
        self.actor = actor
        self._on_change = on_change
        self._ready = False  # no change callback for the value the picker starts with
        self.select = ui.select({}, label=label or _('Customer'), with_input=True, clearable=clearable,
                                on_change=self._changed) \
            .props('outlined options-dense input-debounce=250 behavior=menu')
        self.select.props['hint'] = _('Type to search by name or email')
        self.select.on('input-value', lambda e: self._search(e.args or ''))

    @classmethod
    async def create(cls, actor: StaffActor, *, value: int | None = None, **kwargs) -> ContactPicker:
        picker = cls(actor, **kwargs)
        chosen = await contact_choice(actor, value) if value else None
        await picker._fill(await find_contacts(actor, '', SHOWN), chosen)
        if chosen is not None:
            picker.select.set_value(chosen.id)
        picker._ready = True
        return picker

    @property
    def value(self) -> int | None:
        return self.select.value

    async def _search(self, text: str) -> None:
        await self._fill(await find_contacts(self.actor, text, SHOWN), None)

    async def _fill(self, found: list[ContactChoice], chosen: ContactChoice | None) -> None:
        options = {choice.id: choice.name for choice in found}
        current = self.select.value
        if chosen is not None:
            options.setdefault(chosen.id, chosen.name)
        if current is not None and current not in options:
            known = self.select.options if isinstance(self.select.options, dict) else {}
            options[current] = known.get(current, '')
        self.select.set_options(options, value=current)

    def _changed(self, event) -> Awaitable[None] | None:
        """Checked at once (not in a task), so the value set while the picker is built is not reported."""
        if self._ready and self._on_change is not None:
            return self._on_change(event.value)
        return None
