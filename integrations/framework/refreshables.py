"""A refreshable drops the drawings of closed pages now and then, not on every drawing."""
from __future__ import annotations

from typing import Any

from integrations.framework.contracts import Patch


def prune_refreshables_lazily() -> None:
    """Replace NiceGUI's `nicegui.functions.refreshable.refreshable.__call__` with a copy whose prune is lazy.

    Why: this is a copy of NiceGUI 3.18.0's `refreshable.__call__` with one change. NiceGUI keeps every drawing of a
    refreshable in one list (for a `ui.refreshable_method`, the drawings of every page built with that class) and,
    before each new drawing, walks the whole list to drop the closed pages' ones (`prune`): a walk over every open
    page on every page load, a tenth of a statement page's build when many are open. Here a drawing walks the list
    only once it has doubled since the last walk, so closed pages' drawings are dropped a little later and the walks
    cost a constant share. `refresh` still walks it, as it must find its page's drawings. An upstream fix to
    `__call__` would be undone by this copy: the contract test names it when NiceGUI's changes.
    Gain: with the statement's captions translated once (same commit), a year's statement at 10,000 invoices went
    from 2.03-2.10x to 1.93-1.97x the empty page (commit 25ddc43; not measured alone).
    Written for NiceGUI 3.18.0.
    """
    from nicegui.functions.refreshable import RefreshableContainer, RefreshableTarget, refreshable
    if getattr(refreshable.__call__, 'lazy', False):
        return
    theirs = refreshable.__call__

    def __call__(self: refreshable, *args: Any, **kwargs: Any) -> Any:  # NiceGUI 3's, with the walk made lazy
        if len(self.targets) >= 2 * self.__dict__.get('_kept', 0) + 16:
            self.prune()
            self.__dict__['_kept'] = len(self.targets)
        target = RefreshableTarget(container=RefreshableContainer(), refreshable=self, instance=self.instance,
                                   args=args, kwargs=kwargs)
        self.targets.append(target)
        return target.run(self.func)
    __call__.lazy = True  # type: ignore[attr-defined]
    __call__.__wrapped__ = theirs  # type: ignore[attr-defined]
    refreshable.__call__ = __call__  # type: ignore[method-assign]


PATCHES = (
    Patch('refreshables', 'NiceGUI nicegui.functions.refreshable.refreshable.__call__ (a copy of its body)',
          'nicegui 3.18.0', install=prune_refreshables_lazily, originals={
              'nicegui.functions.refreshable.refreshable.__call__': 'f29484d69d623da59e28baf1fdda48d00f83a4f5a54dc5426e01cc971eec95b1',
              'nicegui.functions.refreshable.refreshable.prune': 'e3e1e408fac7a2172a3571b231f99f01063efac1197a22e37641d6b1ced2d155',
              'nicegui.functions.refreshable.refreshable.refresh': 'f38bdbf1adf44a788ee616c42723c810df5e0a4cdf22e0d8c78d07dc79830673',
              'nicegui.functions.refreshable.RefreshableTarget': '4b3264c3cf9067d46328efd0abe2c0d9326984cbe1721faddae0224a4eeb2a48',
          }),
)
