"""What building and sending a page costs in NiceGUI's own bookkeeping, cut to what the page needs.

Each function changes one NiceGUI internal so that it does less work for the same result; app.py installs them
once at start-up, and tests/ui/test_page_cost.py shows that what the browser receives is unchanged.
"""
from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from types import FunctionType, MethodType
from typing import Any


def remember_handler_signatures() -> None:
    """Make NiceGUI look at the signature of each event handler function once, not on every element.

    Every element's classes, style and props are observable collections, and each asks `inspect.signature`
    whether its change handler (a bound method of the element) takes arguments: three signature lookups per
    element, about a sixth of the time of building a page. The answer depends only on the function, so it is
    remembered per function (weakly, so handlers made for one page go away with it).
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
    helpers.expects_arguments = expects_arguments


_PLAIN = frozenset({str, int, float, bool, type(None)})


def lighten_element_changes() -> None:
    """Make the bookkeeping of an element's classes, style and props cost what it must, not what it may.

    Building a page changes these collections a few hundred times (py-spy under bench/load.py: about a sixth of
    a portal page's CPU). For each change NiceGUI asks whether the value is itself a collection to observe (an
    abstract-class check, also for every plain string), runs the collection's own change handler through its
    generic event machinery (a slot, a signature, a coroutine check and a typing subscription per call), and
    queues the element for sending, although every change made before the page's HTML is built is in that HTML
    and the queue is emptied then (`Client.build_response`). Here plain values skip the check, the collection's
    one handler is called directly (nested collections and extra handlers take NiceGUI's own path), and updates
    queue only once the page has been sent. Setting a bindable property (every element's `visible`, for one)
    looks for bindings to carry the value on only when the property has one. What the browser receives is the same
    (tests/ui/test_page_cost.py).
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
        return data if type(data) in _PLAIN else observe(collection, data)

    def _unobserve(collection: ObservableCollection, *items: object) -> None:
        if any(type(item) not in _PLAIN for item in items):
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

    def _enqueue_update(outbox: Outbox, element: object) -> None:
        client = outbox._client()
        if client is None or getattr(client, '_response_built', True):
            enqueue_update(outbox, element)

    def _propagate(source: object, name: tuple[str, ...]) -> None:
        if (id(source), name) in binding.bindings:
            propagate(source, name)

    binding._propagate = _propagate
    ObservableCollection._observe = _observe  # type: ignore[method-assign]
    ObservableCollection._unobserve = _unobserve  # type: ignore[method-assign]
    for collection in (Classes, Style, Props):
        collection._handle_change = _handle_change  # type: ignore[method-assign]
    _enqueue_update.light = True  # type: ignore[attr-defined]
    Outbox.enqueue_update = _enqueue_update  # type: ignore[method-assign]


def make_element_collections_quickly() -> None:
    """Make each element's classes, style and props collections as NiceGUI makes them, without its generic path.

    Every element makes three. NiceGUI's constructors pass through three levels of `__init__`, then look at every
    default value in turn for nested collections to observe: some 15% of building a page's elements (py-spy under
    bench/load.py). For the usual case, plain values and no parent, the quick constructor sets the same attributes
    directly; anything else takes NiceGUI's path. At install one collection of each kind is made both ways and
    compared, so a NiceGUI version whose collections hold something more keeps its own constructors.
    """
    from nicegui.classes import Classes
    from nicegui.props import Props
    from nicegui.style import Style
    if getattr(Classes.__init__, 'quick', False):
        return

    def quick(cls: type, fill: Callable, values: Callable, *extra: str) -> Callable:
        original = cls.__init__

        def __init__(collection: Any, data: Any = None, *, element: object, **kwargs: Any) -> None:
            if kwargs or (data and any(type(value) not in _PLAIN for value in values(data))):
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
        __init__.quick = True  # type: ignore[attr-defined]
        return __init__

    class Owner:
        pass
    owner = Owner()
    made = [(Classes, quick(Classes, list.__init__, lambda data: data), ['a', 'b']),
            (Style, quick(Style, dict.__init__, dict.values), {'color': 'red'}),
            (Props, quick(Props, dict.__init__, dict.values, '_warnings', '_renames'), {'a': 1, 'b': 'x'})]

    def state(collection: object) -> dict:
        """What a collection holds, with its weak reference and bound handlers made comparable."""
        held = dict(vars(collection))
        held['_element'] = held['_element']()
        held['_change_handlers'] = [(handler.__func__, flag) for handler, flag in held['_change_handlers']]
        return held
    for cls, init, sample in made:
        theirs, ours = cls(sample, element=owner), cls.__new__(cls)
        init(ours, sample, element=owner)
        ours.last_modified = theirs.last_modified
        if state(theirs) != state(ours) or theirs != ours:
            return
    for cls, init, _sample in made:
        cls.__init__ = init  # type: ignore[method-assign]


def prune_refreshables_lazily() -> None:
    """Make a refreshable drop the drawings of closed pages now and then, not on every drawing.

    NiceGUI keeps every drawing of a refreshable in one list (for a `ui.refreshable_method`, the drawings of every
    page built with that class) and, before each new drawing, walks the whole list to drop the closed pages' ones:
    a walk over every open page on every page load, a tenth of a statement page's build when many are open. Here a
    drawing walks the list only once it has doubled since the last walk, so closed pages' drawings are dropped a
    little later and the walks cost a constant share. `refresh` still walks it, as it must find its page's drawings.
    """
    from nicegui.functions.refreshable import RefreshableContainer, RefreshableTarget, refreshable
    if getattr(refreshable.__call__, 'lazy', False):
        return

    def __call__(self: refreshable, *args: Any, **kwargs: Any) -> Any:  # NiceGUI 3's, with the walk made lazy
        if len(self.targets) >= 2 * self.__dict__.get('_kept', 0) + 16:
            self.prune()
            self.__dict__['_kept'] = len(self.targets)
        target = RefreshableTarget(container=RefreshableContainer(), refreshable=self, instance=self.instance,
                                   args=args, kwargs=kwargs)
        self.targets.append(target)
        return target.run(self.func)
    __call__.lazy = True  # type: ignore[attr-defined]
    refreshable.__call__ = __call__  # type: ignore[method-assign]


def resolve_default_props_quickly() -> None:
    """Make NiceGUI's `resolve_defaults` look up only the parameters that can take a default prop.

    Most elements' constructors are wrapped by it: on every call it binds all the arguments to the signature and
    applies every default (`inspect.Signature.bind` and `apply_defaults`), only to find the few parameters whose
    default reads `DEFAULT_PROPS[...] | value`. That was a fifth of the page frame's time. Here each wrapped
    constructor learns those parameters once; a call fills in the ones not passed, and resolves a passed-on
    sentinel, as NiceGUI does. NiceGUI imports most elements on first use, so those get the quick wrapper from the
    start; in the ones made already it sits in the closure of the constructor `__init_subclass__` made, so that is
    where it is replaced.
    """
    import functools
    import inspect

    from nicegui import defaults as defaults_module
    from nicegui.defaults import SentinelValue, resolve_defaults
    from nicegui.element import Element

    if getattr(resolve_defaults, 'quick', False):
        return
    wrapped_by_nicegui = resolve_defaults(lambda self: None).__code__

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


def escape_page_data_quickly() -> None:
    """Escape the elements' data NiceGUI writes into each page's HTML with five `str.replace` calls.

    NiceGUI escapes that JSON with `str.translate` and a table of multi-character replacements, which CPython runs
    character by character in Python objects: about a tenth of the portal's CPU per page load (py-spy under
    bench/load.py), against a few hundredths of that for `replace`. The result is the same text
    (tests/ui/test_page_cost.py compares them).
    """
    from nicegui import client as client_module
    if isinstance(client_module.json, _QuickJson):
        return
    client_module.json = _QuickJson(client_module.json)


class _PageData(str):
    __slots__ = ()

    def translate(self, table: dict) -> str:  # type: ignore[override]
        from nicegui.client import HTML_ESCAPE_TABLE
        if table is not HTML_ESCAPE_TABLE:
            return str.translate(self, table)
        return escape_html_data(self)


def escape_html_data(text: str) -> str:
    """What `text.translate(nicegui.client.HTML_ESCAPE_TABLE)` gives, at C speed."""
    return text.replace('&', '&amp;').replace('<', '&lt;').replace('>', '&gt;').replace('`', '&#96;') \
        .replace('$', '&#36;')


class _QuickJson:
    """NiceGUI's json module for `nicegui.client`, whose `dumps` text escapes quickly."""

    def __init__(self, module: object) -> None:
        self._module = module

    def __getattr__(self, name: str) -> object:
        return getattr(self._module, name)

    def dumps(self, *args: object, **kwargs: object) -> str:
        return _PageData(self._module.dumps(*args, **kwargs))


def skip_sub_pages_check_without_sub_pages() -> None:
    """After every page NiceGUI walks the page's elements twice for `ui.sub_pages` whose path is unresolved; the
    portal has none, so until one is made (anywhere), the answer is the one NiceGUI would find: resolved."""
    from nicegui.elements.sub_pages import SubPages
    from nicegui.sub_pages_router import SubPagesRouter
    if getattr(SubPagesRouter._can_resolve_full_path, 'skips', False):
        return
    check, make = SubPagesRouter._can_resolve_full_path, SubPages.__init__
    made = [False]

    def __init__(sub_pages: SubPages, *args: object, **kwargs: object) -> None:
        made[0] = True
        make(sub_pages, *args, **kwargs)

    async def _can_resolve_full_path(client: object) -> bool:
        return await check(client) if made[0] else True
    _can_resolve_full_path.skips = True  # type: ignore[attr-defined]
    SubPages.__init__ = __init__  # type: ignore[method-assign]
    SubPagesRouter._can_resolve_full_path = staticmethod(_can_resolve_full_path)  # type: ignore[method-assign]


def favicon(character: str) -> str:
    """The page icon drawn from one character as a data URL, made once: given the character itself, NiceGUI draws
    the SVG and encodes it again for every page it sends."""
    from nicegui.favicon import _char_to_svg, _svg_to_data_url
    return _svg_to_data_url(_char_to_svg(character))
