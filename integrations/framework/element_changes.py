"""The bookkeeping of an element's classes, style and props costs what it must, not what it may."""
from __future__ import annotations

import time
from typing import TYPE_CHECKING

from integrations.framework.contracts import Patch, put

if TYPE_CHECKING:
    from nicegui.element import Element

PLAIN = frozenset({str, int, float, bool, type(None)})


def lighten_element_changes() -> None:
    """Replace five NiceGUI internals on the path of every change to an element's classes, style or props.

    Replaces `nicegui.observables.ObservableCollection._observe` and `_unobserve` (plain values skip the check),
    `_handle_change` on `Classes`, `Style` and `Props` (their one handler is called directly),
    `nicegui.outbox.Outbox.enqueue_update` (updates queue only once the page has been sent) and
    `nicegui.binding._propagate` (only a property with a binding looks for one).
    Why: building a page changes these collections a few hundred times. For each change NiceGUI asks whether the
    value is itself a collection to observe (an abstract-class check, also for every plain string), runs the
    collection's own change handler through its generic event machinery (a slot, a signature, a coroutine check
    and a typing subscription per call), and queues the element for sending, although every change made before
    the page's HTML is built is in that HTML and the queue is emptied then (`Client.build_response`). Nested
    collections and extra handlers take NiceGUI's own path. What the browser receives is the same
    (tests/ui/test_page_cost.py).
    Gain: without it a portal page load costs 15% more instructions (dashboard, invoice list, invoice page 27.10,
    20.63, 27.77 M with it, 31.80, 22.37, 32.64 M without; bench/instructions.py --without element_changes).
    Written for NiceGUI 3.18.0.
    """
    from nicegui import binding, core
    from nicegui.classes import Classes
    from nicegui.observables import ObservableCollection
    from nicegui.outbox import Outbox
    from nicegui.props import Props
    from nicegui.style import Style
    if getattr(Outbox.enqueue_update, 'light', False):
        return
    observe, unobserve, handle_change = (ObservableCollection._observe, ObservableCollection._unobserve,
                                         ObservableCollection._handle_change)
    enqueue_update, propagate = Outbox.enqueue_update, binding._propagate

    def _observe(collection: ObservableCollection, data: object) -> object:
        return data if type(data) in PLAIN else observe(collection, data)

    def _unobserve(collection: ObservableCollection, *items: object) -> None:
        if any(type(item) not in PLAIN for item in items):
            unobserve(collection, *items)

    def _handle_change(collection: Classes | Style | Props) -> None:
        if len(collection._change_handlers) != 1 or collection._observer_refs or collection._parent_ref is not None:
            handle_change(collection)
            return
        collection.last_modified = time.time()
        try:
            collection._update()
        except Exception as error:  # as NiceGUI's event handling does
            core.app.handle_exception(error)

    def _enqueue_update(outbox: Outbox, element: Element) -> None:
        client = outbox._client()
        if client is None or getattr(client, '_response_built', True):
            enqueue_update(outbox, element)

    def _propagate(source: object, name: tuple[str, ...]) -> None:
        if (id(source), name) in binding.bindings:
            propagate(source, name)

    put(binding, '_propagate', _propagate, wraps=propagate)
    put(ObservableCollection, '_observe', _observe, wraps=observe)
    put(ObservableCollection, '_unobserve', _unobserve, wraps=unobserve)
    for collection in (Classes, Style, Props):
        put(collection, '_handle_change', _handle_change, wraps=handle_change)
    put(Outbox, 'enqueue_update', _enqueue_update, wraps=enqueue_update, light=True)


PATCHES = (
    Patch('element_changes', 'NiceGUI nicegui.observables.ObservableCollection._observe, _unobserve and '
          '_handle_change (on Classes, Style, Props), nicegui.outbox.Outbox.enqueue_update, nicegui.binding._propagate',
          'nicegui 3.18.0', install=lighten_element_changes, originals={
              'nicegui.observables.ObservableCollection._observe': 'a0d8bc1ef8d30b245c0a9aeae6d53087aa725b1a51d0026cfc9a168d4fe72a48',
              'nicegui.observables.ObservableCollection._unobserve': '83abb0bbc7548daefe582750006dfb9a959c74f95520e5f87d8659e1fc8956f5',
              'nicegui.observables.ObservableCollection._handle_change': '2ca30f2279eea47cc524f63339680de6b601e3e53556833195c5d09d768cb7d8',
              'nicegui.observables.ObservableCollection._change_handlers_with_args': 'cb025f00464818b7bd920f63c4e69ff16f9a296089b824cb0093031e0b494ac6',
              'nicegui.events.handle_event': '07c7c07e312401ebfa5251f02a92712829127b831c0f359212bc9a0863ac23c3',
              'nicegui.outbox.Outbox.enqueue_update': '8e4624eaf6c6244b599f96d5d7b56ce57578cae10657b2664ded0f76df299b79',
              'nicegui.outbox.Outbox.__init__': '696192afb6d364126fb94fbc9f4a30c42799457c1d6a3dcd957dbcd9b69cad5b',
              'nicegui.client.Client.build_response': 'bc00a02af73038fa2c0a95ed9e5bb14efc910ee0b139a196acf63f81171c0238',
              'nicegui.binding._propagate': '9b71d683541f0857b6ced42df96e0c5843218cd3d73ccfba6231abd482a437eb',
          }),
)
