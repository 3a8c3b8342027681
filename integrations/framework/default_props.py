"""NiceGUI's lookup of default props looks only at the parameters that can take one."""
from __future__ import annotations

import functools
import inspect
from collections.abc import Callable

from integrations.framework.contracts import Patch, refuse


def resolve_default_props_quickly() -> None:
    """Replace NiceGUI's `nicegui.defaults.resolve_defaults`, and the wrappers it already made.

    Why: most elements' constructors are wrapped by it: on every call it binds all the arguments to the signature
    and applies every default (`inspect.Signature.bind` and `apply_defaults`), only to find the few parameters
    whose default reads `DEFAULT_PROPS[...] | value`. Here each wrapped constructor learns those parameters once;
    a call fills in the ones not passed, and resolves a passed-on sentinel, as NiceGUI does. NiceGUI imports most
    elements on first use, so those get the quick wrapper from the start; in the ones made already it sits in the
    closure (`own_init`) of the constructor `Element.__init_subclass__` made, so that is where it is replaced.
    When that closure is no longer where it was (`check`), the elements made already keep NiceGUI's wrapper and
    the log says so with an ERROR (the contract test fails on it).
    Gain: the lookup was a fifth of the page frame's time; with the hand-written reads of the same commit the
    invoice page -19% and the dashboard -13% per load at 10k documents (commit 22600b9; not measured alone).
    Written for NiceGUI 3.18.0.
    """
    from nicegui import defaults as defaults_module
    from nicegui.defaults import SentinelValue, resolve_defaults
    from nicegui.element import Element

    if getattr(resolve_defaults, 'quick', False):
        return
    wrapped_by_nicegui = resolve_defaults(lambda self: None).__code__
    different = check()
    if different is not None:
        refuse('default_props (for the elements made already)', different)

    def quick(original: Callable) -> Callable:
        defaults, position = [], 0
        for parameter in inspect.signature(original).parameters.values():
            if parameter.kind is parameter.VAR_POSITIONAL:
                position = -1  # parameters after *args are keyword-only
            elif parameter.kind is parameter.POSITIONAL_OR_KEYWORD and position >= 0:
                position += 1
            if isinstance(parameter.default, SentinelValue):
                if parameter.kind not in (parameter.POSITIONAL_OR_KEYWORD, parameter.KEYWORD_ONLY):
                    return resolve_defaults(original)
                by_position = position if parameter.kind is parameter.POSITIONAL_OR_KEYWORD and position > 0 else 0
                defaults.append((by_position, parameter.name, parameter.default))

        def resolve(name: str, value: SentinelValue, element: Element) -> object:
            return element._default_props.get(value.key or name.replace('_', '-'), value.default)

        @functools.wraps(original)
        def decorated_quickly(*args: object, **kwargs: object) -> object:
            for name, value in kwargs.items():
                if isinstance(value, SentinelValue):
                    kwargs[name] = resolve(name, value, args[0])  # type: ignore[arg-type]
            for by_position, name, value in defaults:
                if (not by_position or len(args) < by_position) and name not in kwargs:
                    kwargs[name] = resolve(name, value, args[0])  # type: ignore[arg-type]
            return original(*args, **kwargs)
        decorated_quickly.quick = True  # type: ignore[attr-defined]
        return decorated_quickly

    quick.quick = True  # type: ignore[attr-defined]
    quick.__wrapped__ = resolve_defaults  # type: ignore[attr-defined]
    defaults_module.resolve_defaults = quick  # for the elements NiceGUI imports later, on first use
    classes = [Element]
    while classes:  # and the ones made already
        cls = classes.pop()
        classes.extend(cls.__subclasses__())
        init = cls.__dict__.get('__init__')
        if init is None or init.__closure__ is None or 'own_init' not in init.__code__.co_freevars:
            continue
        cell = init.__closure__[init.__code__.co_freevars.index('own_init')]
        if getattr(cell.cell_contents, '__code__', None) is wrapped_by_nicegui:
            cell.cell_contents = quick(cell.cell_contents.__wrapped__)


def check() -> str | None:
    """Whether an element's constructor keeps NiceGUI's `resolve_defaults` wrapper where the patch replaces it."""
    from nicegui.defaults import DEFAULT_PROP, resolve_defaults
    from nicegui.element import Element
    resolve = getattr(resolve_defaults, '__wrapped__', resolve_defaults)

    class Probe(Element):
        @resolve
        def __init__(self, color: str | None = DEFAULT_PROP | None) -> None:  # never called
            super().__init__('div')
    init = Probe.__dict__.get('__init__')
    if init is None or init.__closure__ is None or 'own_init' not in init.__code__.co_freevars:
        return 'the constructor Element.__init_subclass__ makes for an element has no own_init in its closure'
    kept = init.__closure__[init.__code__.co_freevars.index('own_init')].cell_contents
    if getattr(kept, '__code__', None) is not resolve(lambda self: None).__code__:
        return 'own_init in the constructor of an element is not the wrapper resolve_defaults makes'
    return None


PATCHES = (
    Patch('default_props', 'NiceGUI nicegui.defaults.resolve_defaults (and the wrappers it made, in the closure of '
          'the constructors nicegui.element.Element.__init_subclass__ made)', 'nicegui 3.18.0',
          install=resolve_default_props_quickly, check=check, originals={
              'nicegui.defaults.resolve_defaults': 'cc4fe0a9af0f70814ddef517fa95e6d173978e30abf3991b84c1e351e2960d81',
              'nicegui.element.Element.__init_subclass__': '0037af896134d7ca3b31a555ad17863660497eeb93e15cb75ca8589715e8b74c',
          }),
)
