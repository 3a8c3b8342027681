"""The check after every page for `ui.sub_pages` it could not resolve is skipped while no sub pages exist."""
from __future__ import annotations

from integrations.framework.contracts import Patch


def skip_sub_pages_check_without_sub_pages() -> None:
    """Replace NiceGUI's `nicegui.sub_pages_router.SubPagesRouter._can_resolve_full_path` and wrap
    `nicegui.elements.sub_pages.SubPages.__init__`.

    Why: after every page NiceGUI walks the page's elements twice for `ui.sub_pages` whose path is unresolved; the
    portal has none, so until one is made (anywhere), the answer is the one NiceGUI would find: resolved.
    Gain: not measured (commit 82a5b80 gives no figure).
    Written for NiceGUI 3.18.0.
    """
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
    _can_resolve_full_path.__wrapped__ = check  # type: ignore[attr-defined]
    __init__.__wrapped__ = make  # type: ignore[attr-defined]
    SubPages.__init__ = __init__  # type: ignore[method-assign]
    SubPagesRouter._can_resolve_full_path = staticmethod(_can_resolve_full_path)  # type: ignore[method-assign]


PATCHES = (
    Patch('sub_pages', 'NiceGUI nicegui.sub_pages_router.SubPagesRouter._can_resolve_full_path and '
          'nicegui.elements.sub_pages.SubPages.__init__', 'nicegui 3.18.0',
          install=skip_sub_pages_check_without_sub_pages, originals={
              'nicegui.sub_pages_router.SubPagesRouter._can_resolve_full_path': '03b5c7e04ab807498e82acfc001c26fd7b7b49116ca3caea2dc38e764da072b3',
              'nicegui.sub_pages_router.SubPagesRouter.__init__': '77489d723e9f0049209baef6f36afb0a111c55531a5a8157bd15b012f2cb579e',
              'nicegui.elements.sub_pages.SubPages.__init__': '52988fc8c75038ca66bbd1239180a397b95d69a975930b0d045776b9d3758e07',
              'nicegui.page.page.__call__': '3d7c1280625571f5da432e3cb9594d5f1d2c89ec352042366407ee4fd445947f',
          }),
)
