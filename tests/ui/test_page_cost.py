"""What keeps a page load cheap, and a closed page free of garbage, leaves what the browser receives unchanged."""
import json

from engineio.async_drivers import asgi as engineio_asgi
from nicegui import client as nicegui_client
from nicegui import ui
from nicegui.client import HTML_ESCAPE_TABLE
from nicegui.testing import User

from components.common.frame import FrameBars
from domain.business.brand import readable_brand
from integrations.framework import engineio_requests
from tests import factories
from tests.ui.conftest import sign_in

HOSTILE = 'Tom & Jerry <script>alert(`hi ${document.cookie}`)</script> «naïve» 💶 \u2028 "quoted"'


async def test_page_data_with_hostile_text_is_escaped_the_way_nicegui_escapes_it(user: User):
    await user.open('/portal/login')  # app.py has started and installed its runtime settings
    page_data = nicegui_client.json.dumps({'1': {'text': HOSTILE}})
    escaped = page_data.translate(HTML_ESCAPE_TABLE)
    assert '<script>' not in escaped and '$' not in escaped and '`' not in escaped
    assert escaped == str(page_data).translate(HTML_ESCAPE_TABLE)


async def test_the_app_translates_requests_without_a_class_per_request(user: User):
    await user.open('/portal/login')  # app.py has started and installed its runtime settings
    assert engineio_asgi._async['translate_request'] is engineio_requests.translate_request


async def test_what_a_page_sets_while_it_is_built_is_in_its_html_and_later_changes_still_reach_the_browser(
        user: User):
    @ui.page('/test/element-changes')
    def changing_page() -> None:
        label = ui.label('before').mark('changing').classes('first').props('data-x=1').style('color: rgb(1, 2, 3)')
        label.props['data-nested'] = {'numbers': [1]}
        label.props['data-nested']['numbers'].append(2)
        label.classes('second')
        ui.label().bind_text_from(label, 'text', backward=lambda text: f'echo {text}')
        ui.button('Change', on_click=lambda: label.set_text('after'))

    html = (await user.http_client.get('/test/element-changes')).text
    elements = json.loads(html.split('raw`', 1)[1].split('`)', 1)[0]).values()
    first = next(element for element in elements if element.get('text') == 'before')
    assert first['class'] == ['first', 'second']
    assert first['props'] == {'data-x': '1', 'data-nested': {'numbers': [1, 2]}}
    assert first['style'] == {'color': 'rgb(1, 2, 3)'}
    assert any(element.get('text') == 'echo before' for element in elements)

    await user.open('/test/element-changes')
    (label,) = user.find(marker='changing').elements
    label.classes('third')
    assert user.client.outbox.updates.get(label.id) is label  # queued for the browser once the page is there
    user.client.outbox.updates.clear()
    label.props['data-nested']['numbers'].append(3)
    assert user.client.outbox.updates.get(label.id) is label
    user.find('Change').click()
    await user.should_see('echo after')


async def test_the_page_icon_is_the_receipt_drawn_once(user: User):
    html = (await user.http_client.get('/portal/login')).text
    assert 'href="data:image/svg+xml,' in html and '%F0%9F%A7%BE' in html  # 🧾
    icon = await user.http_client.get('/favicon.ico')
    assert icon.status_code == 200 and icon.headers['content-type'].startswith('image/svg+xml')


async def test_the_skip_link_comes_first_on_a_page_and_leads_to_its_content(user: User):
    """The bars (skip link, header, drawer) are one element, first in the page layout; the browser's side of it is
    in tests/e2e/portal/test_sign_in_browser.py."""
    await user.open('/portal/login')
    await factories.business(portal_name='Northwind Client Portal', brand_color='#0f766e')
    await factories.person(await factories.contact('Acme'), 'casey@acme.example')
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/password')
    bars = user.client.layout.default_slot.children[0]
    assert isinstance(bars, FrameBars)
    assert (bars.props['skip'], bars.props['name'], bars.props['home']) == \
        ('Skip to content', 'Northwind Client Portal', '/portal')
    assert bars.props['brand'] == readable_brand('#0f766e')
    target = user.client.elements[int(bars.props['target'].removeprefix('c'))]
    heading = target.default_slot.children[0]
    assert heading.text == 'Change Password'  # the main column, which starts with the page's heading
    assert [type(element).__name__ for element in user.client.elements.values()].count('FrameBars') == 1


async def test_element_collections_made_quickly_hold_what_nicegui_would_make(user: User):
    from nicegui.classes import Classes
    from nicegui.observables import ObservableDict
    from nicegui.props import Props

    @ui.page('/test/collections')
    def collections_page() -> None:
        ui.label('plain').classes('a b').props('data-x=1').style('color: red').mark('plain')

    await user.open('/test/collections')
    assert getattr(Classes.__init__, 'quick', False)  # app.py installed the quick constructors
    (label,) = user.find(marker='plain').elements
    assert (list(label.classes), label.props['data-x'], label.style['color']) == (['a', 'b'], '1', 'red')
    label.props['data-y'] = 2
    assert user.client.outbox.updates.get(label.id) is label  # changes still reach the browser
    nested = Props({'data-n': {'numbers': [1]}}, element=label)  # a nested default takes NiceGUI's own path
    assert isinstance(nested['data-n'], ObservableDict)
