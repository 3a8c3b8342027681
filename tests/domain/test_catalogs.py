"""Every text a person reads ships in every language: a new `_()` text without its translations fails here."""
from __future__ import annotations

import ast
from collections.abc import Iterator

from integrations import catalogs


def test_every_language_has_every_text_translated_with_the_same_placeholders():
    template = catalogs.extract()
    assert len(template) > 0
    problems = catalogs.problems(template)
    assert not problems, '\n'.join(problems[:50]) + f'\n({len(problems)} in all: see `python -m integrations.catalogs`)'


def test_the_checked_in_template_is_current():
    """`locales/messages.pot` is what translators start from, so it must list the texts the code has now."""
    with catalogs.TEMPLATE.open('rb') as file:
        stored = {message.id for message in catalogs.read_po(file) if message.id}
    assert stored == {message.id for message in catalogs.extract() if message.id}


def _assigned_underscores(scope: ast.AST) -> Iterator[int]:
    """Lines where `scope` itself (not a nested function or comprehension) binds the name `_`."""
    stack = list(ast.iter_child_nodes(scope))
    while stack:
        node = stack.pop()
        if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef | ast.Lambda | ast.ClassDef | ast.ListComp
                      | ast.SetComp | ast.DictComp | ast.GeneratorExp):
            continue
        if (isinstance(node, ast.Name) and node.id == '_' and isinstance(node.ctx, ast.Store)) or \
                (isinstance(node, ast.ExceptHandler) and node.name == '_'):
            yield node.lineno
        stack.extend(ast.iter_child_nodes(node))


def test_no_code_hides_gettext_behind_a_throwaway_underscore():
    """`for _ in ...` in a function that also calls `_()` makes `_` a local there, and the call fails at run time."""
    found = []
    for source in catalogs.SOURCES:
        path = catalogs.ROOT / source
        for file in [path] if path.is_file() else sorted(path.rglob('*.py')):
            tree = ast.parse(file.read_text(encoding='utf-8'))
            if not any(isinstance(node, ast.ImportFrom) and node.module == 'domain.formats'
                       and any(alias.name == '_' for alias in node.names) for node in ast.walk(tree)):
                continue
            scopes = [tree, *(node for node in ast.walk(tree) if isinstance(node, ast.FunctionDef
                                                                          | ast.AsyncFunctionDef | ast.Lambda))]
            found += [f'{file.relative_to(catalogs.ROOT)}:{line}' for scope in scopes
                      for line in _assigned_underscores(scope)]
    assert found == []
