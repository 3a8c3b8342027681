"""The quick escape of page data writes what NiceGUI's table of replacements would."""
import json

from nicegui.client import HTML_ESCAPE_TABLE

from integrations.framework.page_data_escaping import PageData, QuickJson, escape_html_data

HOSTILE = 'Tom & Jerry <script>alert(`hi ${document.cookie}`)</script> «naïve» 💶 \u2028 "quoted"'


def test_the_quick_escape_gives_what_nicegui_would_write_into_the_page():
    every_character = ''.join(chr(code) for code in range(0x3000)) + HOSTILE
    assert escape_html_data(every_character) == every_character.translate(HTML_ESCAPE_TABLE)


def test_page_data_escapes_quickly_only_with_nicegui_s_table():
    data = PageData(json.dumps({'text': HOSTILE}))
    assert data.translate(HTML_ESCAPE_TABLE) == str(data).translate(HTML_ESCAPE_TABLE)
    other = str.maketrans({'a': 'b'})
    assert data.translate(other) == str(data).translate(other)


def test_the_quick_json_module_gives_page_data_and_passes_the_rest_through():
    module = QuickJson(json)
    dumped = module.dumps({'a': [1, '<b>']})
    assert isinstance(dumped, PageData) and dumped == json.dumps({'a': [1, '<b>']})
    assert module.loads('[1]') == [1]
