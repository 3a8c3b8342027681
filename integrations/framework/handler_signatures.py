"""NiceGUI asks once per function, not once per element, whether an event handler takes arguments."""
from __future__ import annotations

import weakref
from collections.abc import Callable
from types import FunctionType, MethodType

from integrations.framework.contracts import Patch


def remember_handler_signatures() -> None:
    """Replace NiceGUI's `nicegui.helpers.expects_arguments` with one that remembers its answer per function.

    Why: every element's classes, style and props are observable collections, and each asks `inspect.signature`
    whether its change handler (a bound method of the element) takes arguments: three signature lookups per
    element. The answer depends only on the function, so it is remembered per function (weakly, so handlers made
    for one page go away with it). NiceGUI's callers look it up on the `helpers` package at each call, so replacing
    the package attribute reaches them all.
    Gain: the lookups were about a sixth of the time of building a page (py-spy under bench/load.py); no figure
    of the page before and after was recorded (commit de0bd83).
    Written for NiceGUI 3.18.0.
    """
    from nicegui import helpers
    if getattr(helpers.expects_arguments, 'remembers', False):
        return
    ask = helpers.expects_arguments
    known: weakref.WeakKeyDictionary[Callable, bool] = weakref.WeakKeyDictionary()

    def expects_arguments(func: Callable) -> bool:
        if isinstance(func, MethodType):  # bound to its instance: the same answer for every instance
            key = func.__func__
        elif isinstance(func, FunctionType):
            key = func
        else:
            return ask(func)
        answer = known.get(key)
        if answer is None:
            answer = known[key] = ask(func)
        return answer
    expects_arguments.remembers = True  # type: ignore[attr-defined]
    expects_arguments.__wrapped__ = ask  # type: ignore[attr-defined]
    helpers.expects_arguments = expects_arguments


PATCHES = (
    Patch('handler_signatures', 'NiceGUI nicegui.helpers.expects_arguments (the package attribute its callers use)',
          'nicegui 3.18.0', install=remember_handler_signatures, originals={
              'nicegui.helpers.functions.expects_arguments': '949f5c62f38af7c964f3cc8d8946c3d4c85929792c4a7d6ae579c228a14cbcb8',
              'nicegui.observables.ObservableCollection.__init__': 'ffc60c559135ead539491917d25dfa36350848d1ccf9ac4afea8670b8103e73c',
              'nicegui.observables.ObservableCollection.on_change': 'ffd4306e7dfa79a79378ac611a46c81e412cd34d85daa492bd249c02da6627ff',
          }),
)
