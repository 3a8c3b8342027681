"""Every patch into a library's internals still fits the installed library; a change fails by the patch's name.

A failure here means a library's source differs from the one a patch was written for: read the patch again
against the new version (an upstream fix may make it unneeded, or be undone by a copy), then renew its hashes.
"""
import ast
import inspect
import logging
from pathlib import Path

import pytest

from integrations import framework
from integrations.framework import element_collections
from integrations.framework.contracts import Patch, digest

FRAMEWORK = Path(framework.__file__).parent
WITH_CHECKS = [patch for patch in framework.PATCHES if patch.check is not None]


@pytest.mark.parametrize('patch', framework.PATCHES, ids=lambda patch: patch.name)
def test_each_original_a_patch_relies_on_is_the_one_it_was_written_for(patch: Patch):
    changes = patch.changes()
    assert not changes, '\n'.join(changes)


@pytest.mark.parametrize('patch', WITH_CHECKS, ids=lambda patch: patch.name)
def test_the_library_still_behaves_as_the_patch_assumes(patch: Patch):
    problem = patch.check()  # type: ignore[misc]
    assert problem is None, f'{patch.name}: {problem}'


def test_installed_patches_are_hashed_by_the_library_s_source_not_their_own():
    before = [change for patch in framework.PATCHES for change in patch.changes()]
    framework.install()
    framework.install()  # a second install changes nothing
    assert [change for patch in framework.PATCHES for change in patch.changes()] == before


def test_a_changed_or_missing_original_is_named_with_its_patch():
    patch = Patch('probe', 'nothing', 'nicegui 3.18.0', originals={
        'nicegui.client.Client.build_response': digest('nicegui.client.Client.build_response'),
        'nicegui.client.Client.delete': '0' * 64,
        'nicegui.client.Client.no_such_method': '0' * 64,
        'no_such_library.function': '0' * 64,
    })
    assert patch.changes() == [
        'probe relies on nicegui.client.Client.delete, which changed: re-check the patch (its source now hashes to '
        f'{digest("nicegui.client.Client.delete")})',
        'probe relies on nicegui.client.Client.no_such_method, which is gone: re-check the patch',
        'probe relies on no_such_library.function, which is gone: re-check the patch',
    ]


def test_every_patch_is_declared_once_and_says_why_what_it_gained_and_for_which_version():
    names = [patch.name for patch in framework.PATCHES]
    assert len(names) == len(set(names))
    for patch in framework.PATCHES:
        assert patch.originals and patch.written_for, patch.name
        said = (inspect.getdoc(patch.install) or '') + (inspect.getmodule(patch.install).__doc__ or '') \
            if patch.install is not None else 'Why: Gain: Written for'
        assert all(words in said for words in ('Why:', 'Gain:', 'Written for')), patch.name


def test_every_module_of_the_package_declares_its_patches_and_the_package_lists_them():
    listed = ast.get_docstring(ast.parse((FRAMEWORK / '__init__.py').read_text())) or ''
    modules = {path.stem for path in FRAMEWORK.glob('*.py')} - {'__init__', 'contracts'}
    declared = {patch.install.__module__ if patch.install else None for patch in framework.PATCHES}
    for module in modules:
        assert f'- {module}:' in listed, module
        assert hasattr(getattr(framework, module), 'PATCHES'), module
    assert declared - {None} <= {f'integrations.framework.{module}' for module in modules}
    for patch in framework.PATCHES:
        assert patch.name in listed, patch.name


def test_collections_that_no_longer_match_nicegui_s_keep_nicegui_s_constructors_and_say_so(monkeypatch, caplog):
    from nicegui.classes import Classes
    from nicegui.props import Props
    from nicegui.style import Style
    for cls in (Classes, Style, Props):  # as before app.py installed anything
        init = cls.__init__
        monkeypatch.setattr(cls, '__init__', init.__wrapped__ if getattr(init, 'quick', False) else init)
    nicegui_s = Classes.__init__
    monkeypatch.setattr(element_collections, 'mismatch', lambda: 'a Classes made quickly holds something else')
    with caplog.at_level(logging.ERROR, logger='integrations.framework'):
        element_collections.make_element_collections_quickly()
    assert Classes.__init__ is nicegui_s
    assert 'element_collections is not installed: a Classes made quickly holds something else' in caplog.text
