"""What a patch into a library's internals relies on, and how a change in that library is noticed.

Each patch declares the originals it relies on (the functions, methods or classes it replaces, copies or counts on)
by importable dotted path, each with the SHA-256 of its source as `inspect.getsource` gives it for the version the
patch was written for. tests/framework/test_library_contracts.py hashes them again with the installed libraries and
fails by the patch's name when one differs or is gone: a new library version may have fixed, moved or changed what
the patch assumes, so the patch is read again against it (and its hashes renewed: the failure gives each new one)
before the version goes in.

A patch that replaces a library function keeps the library's one as `__wrapped__` on its replacement (a class, in
`REPLACED`), so the hash is of the library's source whether or not the patch is installed (`inspect.getsource`
follows `__wrapped__`).
"""
from __future__ import annotations

import hashlib
import importlib
import inspect
import logging
from collections.abc import Callable
from dataclasses import dataclass, field

log = logging.getLogger('integrations.framework')
REPLACED: dict[object, object] = {}  # a class put in place of a library's class -> the library's class


@dataclass(frozen=True)
class Patch:
    """One patch (or one read of a library's private attribute, with `install` None) and what it relies on."""

    name: str
    replaces: str  # what it replaces or reads, in words: library, module, function
    written_for: str  # the library versions it was written and hashed against
    originals: dict[str, str]  # importable dotted path -> SHA-256 of its source (of `repr` for a plain value)
    install: Callable[[], None] | None = None
    check: Callable[[], str | None] | None = field(default=None)  # the library still fits, or what does not

    def changes(self) -> list[str]:
        """A sentence for each original that is gone or whose source differs from the one hashed."""
        found = []
        for path, expected in self.originals.items():
            try:
                actual = digest(path)
            except (ImportError, AttributeError):
                found.append(f'{self.name} relies on {path}, which is gone: re-check the patch')
                continue
            if actual != expected:
                found.append(f'{self.name} relies on {path}, which changed: re-check the patch (its source now '
                             f'hashes to {actual})')
        return found


def resolve(path: str) -> object:
    """The object at an importable dotted path: the longest module prefix that imports, then attributes."""
    parts = path.split('.')
    for cut in range(len(parts), 0, -1):
        try:
            found: object = importlib.import_module('.'.join(parts[:cut]))
        except ImportError:
            continue
        for name in parts[cut:]:
            found = getattr(found, name)
        return found
    raise ImportError(path)


def source(value: object) -> str:
    """The source of a function, method or class (of a property's getter); the `repr` of a plain value (a table)."""
    if isinstance(value, type):
        value = REPLACED.get(value, value)
    if isinstance(value, property):
        value = value.fget
    try:
        return inspect.getsource(value)  # type: ignore[arg-type]  # a plain value (a table) raises TypeError
    except TypeError:
        return repr(value)


def digest(path: str) -> str:
    return hashlib.sha256(source(resolve(path)).encode()).hexdigest()


def put(owner: object, name: str, ours: object, *, wraps: object = None, **marks: object) -> None:
    """Put `ours` in place of the library's `owner.<name>`. `wraps` is the library's own, kept as `__wrapped__` (so
    the contract test hashes the library's source while the patch is in); `marks` are the flags by which the patch
    knows it is in place. Through `setattr`, since a replacement differs from the library's annotations on purpose
    (another signature, or attributes of its own): a type checker would refuse the plain assignment."""
    if wraps is not None or marks:
        attributes = vars(ours)
        if wraps is not None:
            attributes['__wrapped__'] = wraps
        attributes.update(marks)
    setattr(owner, name, ours)


def refuse(name: str, reason: str) -> None:
    """Say loudly, once at install, that a patch stays out because the library no longer fits it."""
    log.error('%s is not installed: %s; the library keeps its own code (re-check the patch)', name, reason)

