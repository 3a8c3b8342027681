"""No code builds a props, classes or style string, JavaScript, HTML or Markdown from text that could come from a
person or the database.

NiceGUI parses a `.props()` string: a `"` in an interpolated value ends the attribute, a `:name=` prop is evaluated
as JavaScript in the browser, and a NUL byte makes the parser raise. `ui.html`, `ui.markdown` and `run_javascript`
hand their text to the browser as markup or code. So the arguments of these calls may only be built from:

- string and number constants (and `True`/`False`/`None`);
- names in UPPER_CASE that the same module assigns or imports at module level, and `module.UPPER_CASE` attributes;
- f-strings, `+` concatenations and `a if test else b` choices whose parts are themselves allowed (the test of a
  choice may be anything: it only picks between constants);
- a subscript of an allowed constant or of a dict literal of allowed values (`_STYLE[status]`), or
  `_STYLE.get(status, default)` with an allowed default: whatever the key, the result is one of the constants.

Anything else (a local variable, a parameter, an attribute of a row, a function call) fails the test. Values from
people or the database go through `element.props['aria-label'] = value` or an element's own arguments instead.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHECKED_CALLS = {'props', 'classes', 'style', 'run_javascript', 'add_head_html', 'add_body_html', 'add_css',
                 'add_scss', 'add_sass', 'tailwind'}
CHECKED_UI_ELEMENTS = {'html', 'markdown', 'mermaid', 'restructured_text', 'code', 'json_editor'}
_CONSTANT_NAME = re.compile(r'_?[A-Z][A-Z0-9_]*')


def _module_names(tree: ast.Module) -> set[str]:
    names: set[str] = set()
    for node in tree.body:
        if isinstance(node, ast.Assign):
            names.update(target.id for target in node.targets if isinstance(target, ast.Name))
        elif isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name):
            names.add(node.target.id)
        elif isinstance(node, ast.ImportFrom):
            names.update(alias.asname or alias.name for alias in node.names)
    return names


def _allowed(node: ast.AST, constants: set[str]) -> bool:
    if isinstance(node, ast.Constant):
        return isinstance(node.value, str | int | float | bool) or node.value is None
    if isinstance(node, ast.Name):
        return bool(_CONSTANT_NAME.fullmatch(node.id)) and node.id in constants
    if isinstance(node, ast.Attribute):
        return bool(_CONSTANT_NAME.fullmatch(node.attr)) and isinstance(node.value, ast.Name)
    if isinstance(node, ast.JoinedStr):
        return all(_allowed(part, constants) for part in node.values)
    if isinstance(node, ast.FormattedValue):
        return _allowed(node.value, constants) and (node.format_spec is None or _allowed(node.format_spec, constants))
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Add):
        return _allowed(node.left, constants) and _allowed(node.right, constants)
    if isinstance(node, ast.IfExp):
        return _allowed(node.body, constants) and _allowed(node.orelse, constants)
    if isinstance(node, ast.Subscript):
        if isinstance(node.value, ast.Dict):
            return all(_allowed(value, constants) for value in node.value.values)
        return _allowed(node.value, constants)
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == 'get':
        return (_allowed(node.func.value, constants) and not node.keywords and 1 <= len(node.args) <= 2
                and all(_allowed(default, constants) for default in node.args[1:]))
    return False


def _checked(call: ast.Call) -> bool:
    func = call.func
    if isinstance(func, ast.Attribute) and func.attr in CHECKED_CALLS:
        return True
    return (isinstance(func, ast.Attribute) and func.attr in CHECKED_UI_ELEMENTS
            and isinstance(func.value, ast.Name) and func.value.id == 'ui')


def offences(source: str, filename: str = '<snippet>') -> list[str]:
    """Every checked call in `source` whose arguments are built from something other than constants."""
    tree = ast.parse(source, filename)
    constants = _module_names(tree)
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _checked(node):
            arguments = [*node.args, *(keyword.value for keyword in node.keywords)]
            if not all(_allowed(argument, constants) for argument in arguments):
                found.append(f'{filename}:{node.lineno}: {ast.unparse(node)[:160]}')
    return found


def _sources() -> list[Path]:
    files = [ROOT / 'app.py']
    for folder in ('pages', 'components', 'integrations'):
        files += sorted((ROOT / folder).rglob('*.py'))
    return files


def test_the_checked_folders_are_found():
    names = {path.relative_to(ROOT).as_posix() for path in _sources()}
    assert {'app.py', 'pages/staff/payments/payments.py', 'components/common/frame.py', 'integrations/web.py'} <= names


def test_no_props_classes_style_script_or_markup_is_built_from_text():
    found = []
    for path in _sources():
        found += offences(path.read_text(), path.relative_to(ROOT).as_posix())
    assert not found, 'Set these values with element.props[name] = value or element arguments:\n' + '\n'.join(found)


@pytest.mark.parametrize('snippet', [
    # the line that let a client's company name run as script on /staff/payments
    "ui.button(icon='delete').props(f'flat round dense color=negative aria-label=\"Delete the payment of '\n"
    "    f'{money(row.amount, row.currency)} from {row.contact_name}\"')",
    "ui.label('x').props('aria-label=' + name)",
    "ui.label('x').props('aria-label=\"%s\"' % name)",
    "ui.label('x').props('aria-label=\"{}\"'.format(name))",
    "ui.label('x').classes(style)",
    "ui.label('x').classes(f'text-sm {row.colour}')",
    "ui.label('x').classes(add=accent)",
    "ui.label('x').style(f'background-color: {brand}')",
    "ui.label('x').props(hint(row))",
    'ui.html(text)',
    "ui.markdown(f'**{name}**')",
    "ui.run_javascript(f'alert({value})')",
    "client.run_javascript('x' + value)",
    "ui.add_head_html(f'<meta content=\"{name}\">')",
    "ui.label('x').props(f'label={lower_case_module_value}')",
    "ui.label('x').props(f'label={NOT_DEFINED_HERE}')",
    "ui.label('x').props(_STYLE[kind] + name)",
    "ui.label('x').props({1: name}[level])",
    "ui.label('x').classes(_STYLE.get(kind, name))",
    "ui.label('x').classes(styles.get(kind, ''))",
])
def test_text_built_into_a_checked_call_is_caught(snippet):
    assert offences(snippet)


def test_constants_choices_and_constant_lookups_pass():
    snippet = (
        "from .theme import ACCENT\n"
        "_GRID = 'grid'\n"
        "_STYLE = {'paid': 'bg-green-1', 'void': 'bg-grey-3'}\n"
        "MAX = 5\n"
        "ui.label('x').classes(f'{_GRID} w-full').props(f'maxlength={MAX}')\n"
        "ui.label('x').classes('text-sm ' + ('text-red-10' if late else 'text-grey-8'))\n"
        "ui.label('x').classes(_STYLE[status]).classes({1: 'a', 2: 'b'}[level]).style(ACCENT)\n"
        "ui.label('x').classes(f'chip {_STYLE.get(status, \"\")}')\n"
        "ui.label('x').props(remove='loading').classes(toggle='max-sm:hidden').props(theme.PROPS)\n"
        "ui.button('x').props('unelevated' if first else 'outline')\n"
    )
    assert offences(snippet) == []
