"""A closed page goes away at once: reference counting frees it, no garbage collection has to find it first."""
import gc
import weakref
from collections import Counter

from nicegui import Client, app
from nicegui.element import Element
from nicegui.testing import User

from integrations import runtime
from pages.portal.dashboard import DashboardView
from tests import factories
from tests.ui.conftest import sign_in


def page_parts(client: Client) -> list[tuple[str, weakref.ref]]:
    """The classes, style and props of every element the page built (not the few the client object keeps)."""
    own = {id(value) for value in vars(client).values() if isinstance(value, Element)}
    return [(type(element).__name__, weakref.ref(part)) for element in client.elements.values()
            if id(element) not in own for part in (element._classes, element._style, element._props)]


# Known holders outside the page, each bounded: the containers of refreshable methods (NiceGUI prunes a refreshable's
# deleted targets at its next use).
KNOWN = {'RefreshableContainer': 2}


async def test_the_parts_of_a_closed_dashboard_are_freed_without_the_garbage_collector(user: User):
    await user.open('/portal/login')
    await factories.business(portal_name='Northwind Client Portal')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    await factories.invoice(acme, 12000)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.should_see('Dashboard')
    parts = page_parts(user.client)
    assert len(parts) > 50  # the frame and the dashboard, three parts an element

    gc.collect()
    gc.disable()
    try:
        user.client.delete()
        left = Counter(name for name, part in parts if part() is not None)
    finally:
        gc.enable()
    assert all(left[name] <= 3 * KNOWN.get(name, 0) for name in left), left


async def test_a_closed_tab_leaves_no_storage_behind(user: User):
    await user.open('/portal/login')
    storage = app.storage
    await storage._create_tab_storage('tab-that-closes')
    assert 'tab-that-closes' in storage._tabs
    await storage.close_tab('tab-that-closes')  # what NiceGUI does once no page of that tab is left
    assert 'tab-that-closes' not in storage._tabs


async def test_closed_pages_leave_nothing_in_the_refreshables_once_the_process_is_quiet(user: User):
    await user.open('/portal/login')
    await factories.business(portal_name='Northwind Client Portal')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example')
    await factories.invoice(acme, 12000)
    await sign_in(user, 'portal', 'casey@acme.example')
    show = vars(DashboardView)['show']  # the refreshable method: it keeps every dashboard's drawing
    assert show in runtime.REFRESHABLES  # found at start-up
    views = []
    for _ in range(6):
        await user.open('/portal')
        await user.should_see('Outstanding invoices')
        views += [weakref.ref(target.instance) for target in show.targets
                  if not target.container.is_deleted and target.container.client is user.client]
        user.client.delete()  # the tab closes
    assert len(views) == 6

    runtime.give_back_memory(None)  # what the process does at a quiet moment
    assert [view() for view in views] == [None] * 6  # with its rows, actor and lock
    assert show.instance is None and all(not target.container.is_deleted for target in show.targets)
