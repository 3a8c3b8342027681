"""What keeps a page load cheap leaves what the browser receives unchanged."""
from nicegui import client as nicegui_client
from nicegui.client import HTML_ESCAPE_TABLE
from nicegui.testing import User

from integrations.runtime import escape_html_data

HOSTILE = 'Tom & Jerry <script>alert(`hi ${document.cookie}`)</script> «naïve» 💶 \u2028 "quoted"'


def test_the_quick_escape_gives_what_nicegui_would_write_into_the_page():
    every_character = ''.join(chr(code) for code in range(0x3000)) + HOSTILE
    assert escape_html_data(every_character) == every_character.translate(HTML_ESCAPE_TABLE)


async def test_page_data_with_hostile_text_is_escaped_the_way_nicegui_escapes_it(user: User):
    await user.open('/portal/login')  # app.py has started and installed its runtime settings
    page_data = nicegui_client.json.dumps({'1': {'text': HOSTILE}})
    escaped = page_data.translate(HTML_ESCAPE_TABLE)
    assert '<script>' not in escaped and '$' not in escaped and '`' not in escaped
    assert escaped == str(page_data).translate(HTML_ESCAPE_TABLE)

