"""Each element's classes, style and props collections are made as NiceGUI makes them, without its generic path."""
from __future__ import annotations

import inspect
import time
import weakref
from collections.abc import Callable
from typing import Any

from integrations.framework.contracts import Patch, put, refuse
from integrations.framework.element_changes import PLAIN


def make_element_collections_quickly() -> None:
    """Replace `__init__` of NiceGUI's `nicegui.classes.Classes`, `nicegui.style.Style` and `nicegui.props.Props`.

    Why: every element makes three. NiceGUI's constructors pass through three levels of `__init__`, then look at
    every default value in turn for nested collections to observe: some 15% of building a page's elements (py-spy
    under bench/load.py). For the usual case, plain values and no parent, the quick constructor sets the same
    attributes directly; anything else takes NiceGUI's path. At install one collection of each kind is made both
    ways and compared (`mismatch`); a NiceGUI version whose collections hold something else keeps its own
    constructors, and says so with an ERROR in the log (the contract test fails on it).
    Gain: portal pages 32.2 to 31.1 M instructions each (callgrind, commit 11a43eb); now 3.9% of a page load
    (25.37 M a portal page with it, 26.36 M without; bench/instructions.py --without element_collections).
    Written for NiceGUI 3.18.0.
    """
    from nicegui.classes import Classes
    if getattr(Classes.__init__, 'quick', False):
        return
    different = mismatch()
    if different is not None:
        refuse('element_collections', different)
        return
    for cls, init, _sample in _quick_constructors():
        put(cls, '__init__', init)


def mismatch() -> str | None:
    """What a collection made quickly holds that NiceGUI's own holds not (or the other way round), or None."""
    class Owner:
        pass
    owner = Owner()
    for cls, init, sample in _quick_constructors():
        theirs, ours = cls.__new__(cls), cls.__new__(cls)
        inspect.unwrap(init)(theirs, sample, element=owner)
        init(ours, sample, element=owner)
        ours.last_modified = theirs.last_modified
        mine, nicegui_s = _state(ours), _state(theirs)
        if mine != nicegui_s or theirs != ours:
            differing = sorted(set(mine) ^ set(nicegui_s) | {name for name in set(mine) & set(nicegui_s)
                                                              if mine[name] != nicegui_s[name]}) or ['its items']
            return f'a {cls.__name__} made quickly differs from the one NiceGUI makes in {", ".join(differing)}'
    return None


def _quick_constructors() -> list[tuple[Any, Callable, object]]:
    """For each kind of collection: the kind, its quick constructor, and a sample of plain defaults."""
    from nicegui.classes import Classes
    from nicegui.props import Props
    from nicegui.style import Style
    return [(Classes, _quick(Classes, list.__init__, lambda data: data), ['a', 'b']),
            (Style, _quick(Style, dict.__init__, dict.values), {'color': 'red'}),
            (Props, _quick(Props, dict.__init__, dict.values, '_warnings', '_renames'), {'a': 1, 'b': 'x'})]


def _quick(cls: type[Any], fill: Callable, values: Callable, *extra: str) -> Callable:
    original = cls.__init__
    original = getattr(original, '__wrapped__', original) if getattr(original, 'quick', False) else original

    def __init__(collection: Any, data: Any = None, *, element: object, **kwargs: Any) -> None:
        if kwargs or (data and any(type(value) not in PLAIN for value in values(data))):
            original(collection, data, element=element, **kwargs)
            return
        fill(collection, data or ())
        collection._parent_ref = None
        collection.last_modified = time.time()
        collection._change_handlers = [(collection._update, False)]
        collection._observer_refs = []
        collection._element = weakref.ref(element)
        collection._suspend_count = 0
        for name in extra:
            setattr(collection, name, {})
    vars(__init__).update(quick=True, __wrapped__=original)
    return __init__


def _state(collection: object) -> dict:
    """What a collection holds, with its weak reference and bound handlers made comparable."""
    held = dict(vars(collection))
    held['_element'] = held['_element']()
    held['_change_handlers'] = [(handler.__func__, flag) for handler, flag in held['_change_handlers']]
    return held


PATCHES = (
    Patch('element_collections', 'NiceGUI nicegui.classes.Classes.__init__, nicegui.style.Style.__init__ and '
          'nicegui.props.Props.__init__', 'nicegui 3.18.0', install=make_element_collections_quickly, check=mismatch,
          originals={
              'nicegui.classes.Classes.__init__': '0a214e98612545bd3bb937e1c8f916eed6d0c33c9f0f2fa8ab0e75afcf99faea',
              'nicegui.style.Style.__init__': '0a214e98612545bd3bb937e1c8f916eed6d0c33c9f0f2fa8ab0e75afcf99faea',
              'nicegui.props.Props.__init__': '1fbb1d102be87265e78125b275656320d3d789d57d0160835c5cf7136e8f0d48',
              'nicegui.observables.ObservableCollection.__init__': 'ffc60c559135ead539491917d25dfa36350848d1ccf9ac4afea8670b8103e73c',
              'nicegui.observables.ObservableList.__init__': '4ce79d91d03b056f9a3d7563ff4d28ccdcb2f22229e89e11bd8e84d28289fcff',
              'nicegui.observables.ObservableDict.__init__': 'dfe5540826a803e38469fa85acb0183c4862180257c94155e5e9a015459d49c5',
          }),
)
