"""A person's picture from Gravatar, with their initials underneath for when there is no picture.

The initials are always drawn; the image lies on top and is removed when it fails to load (no Gravatar for this
address, which `d=404` turns into an error, or no network at all), so the initials show through.
"""
from __future__ import annotations

import hashlib

from nicegui import ui


def gravatar_url(email: str, size: int = 160) -> str:
    digest = hashlib.sha256(email.strip().lower().encode()).hexdigest()
    return f'https://www.gravatar.com/avatar/{digest}?d=404&s={size}'


def initials(name: str, email: str = '') -> str:
    words = [word for word in name.replace('@', ' ').split() if word[:1].isalnum()]
    if not words:
        return (email[:1] or '?').upper()
    return (words[0][0] + (words[-1][0] if len(words) > 1 else '')).upper()


class Avatar(ui.element):
    def __init__(self, name: str, email: str) -> None:
        super().__init__('div')
        self.classes('relative shrink-0 rounded-full overflow-hidden w-16 h-16')
        self.props('aria-hidden=true')  # decorative: the name is written next to it
        with self:
            self.letters = ui.element('div').classes(
                'absolute inset-0 flex items-center justify-center bg-primary text-white font-semibold select-none') \
                .style('font-size:1.6rem')
            with self.letters:
                ui.label(initials(name, email))
            self.image = ui.element('img').classes('absolute inset-0 w-full h-full object-cover') \
                .props('alt="" referrerpolicy=no-referrer loading=lazy')
            self.image.props['src'] = gravatar_url(email)
            self.image.on('error', self._no_picture)

    def _no_picture(self) -> None:
        self.image.delete()
