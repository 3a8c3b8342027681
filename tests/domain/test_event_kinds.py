"""Event kinds are declared once (`domain.events.EventKind`): every kind is published somewhere, every published kind
is followed by some page or declared as not followed (with the reason), and pages follow only kinds that are
published. Read from the source, so a kind published under one name and followed under another fails here."""
from __future__ import annotations

import ast
from pathlib import Path

from domain.events import NOT_FOLLOWED, EventKind

ROOT = Path(__file__).parents[2]


def modules(*folders: str) -> list[tuple[Path, ast.Module]]:
    return [(path, ast.parse(path.read_text(encoding='utf-8'))) for folder in folders
            for path in sorted((ROOT / folder).rglob('*.py'))]


def kinds_named(tree: ast.AST) -> set[EventKind]:
    return {EventKind[node.attr] for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and node.value.id == 'EventKind'}


def published() -> set[EventKind]:
    """The kinds given to `Event(...)` in use cases and transports; a kind given as a plain string fails at once."""
    found = set()
    for path, tree in modules('domain', 'integrations'):
        for node in ast.walk(tree):
            if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == 'Event' and node.args:
                first = node.args[0]
                assert not isinstance(first, ast.Constant), f'{path}:{node.lineno} names its event kind as a string'
                found |= kinds_named(first)
    return found


def followed() -> set[EventKind]:
    """The kinds the pages and components name (a page that follows every event of its contact, like the portal's,
    follows more; this counts only what is named)."""
    return set().union(*(kinds_named(tree) for _path, tree in modules('components', 'pages')))


def test_every_kind_is_published():
    assert set(EventKind) - published() == set()


def test_every_published_kind_is_followed_by_a_page_or_declared_as_not_followed():
    assert published() - followed() - set(NOT_FOLLOWED) == set()
    assert set(NOT_FOLLOWED) & followed() == set(), 'followed after all: take it out of NOT_FOLLOWED'


def test_pages_follow_only_kinds_that_are_published():
    assert followed() - published() == set()


def test_no_page_or_use_case_spells_a_kind_as_a_string():
    values = {kind.value for kind in EventKind if '.' in kind.value}
    spelled = [f'{path.relative_to(ROOT)}:{node.lineno} {node.value!r}'
               for path, tree in modules('domain', 'components', 'pages', 'integrations') if path.name != 'events.py'
               for node in ast.walk(tree) if isinstance(node, ast.Constant) and node.value in values]
    assert spelled == []
