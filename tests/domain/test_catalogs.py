"""Every text a person reads ships in every language: a new `_()` text without its translations fails here."""
from __future__ import annotations

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
