"""The translation catalogs under `locales/`: extract the texts from the code, bring every language up to date, check.

    python -m integrations.catalogs extract   # locales/messages.pot from every `_()`, `ngettext()` and `N_()`
    python -m integrations.catalogs update    # adds new texts to each locales/LANG/LC_MESSAGES/messages.po
    python -m integrations.catalogs check     # lists texts a language lacks, fuzzy ones and broken placeholders
    python -m integrations.catalogs fill FILE.json  # {english: {lang: text}} into the catalogs (for translators)

The app reads the `.po` files themselves (see `domain/formats/language.py`), so there is no compiled `.mo` to keep in step.
"""
from __future__ import annotations

import json
import re
import string
import sys
from collections.abc import Iterable
from datetime import UTC, datetime
from pathlib import Path

from babel.messages.catalog import Catalog, Message
from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.pofile import read_po, write_po

from domain.formats import DEFAULT_LANGUAGE, LANGUAGES, LOCALES

ROOT = LOCALES.parent
SOURCES = ('app.py', 'components', 'domain', 'integrations', 'pages')
TEMPLATE = LOCALES / 'messages.pot'
STABLE_DATE = datetime(2026, 1, 1, tzinfo=UTC)


def extract() -> Catalog:
    catalog = Catalog(project='client-portal', version='1', charset='utf-8')
    for source in SOURCES:
        path = ROOT / source
        found: Iterable = (extract_from_dir(path, [('**.py', 'python')], keywords=DEFAULT_KEYWORDS)
                           if path.is_dir() else _extract_file(path))
        for filename, lineno, message, comments, context in found:
            where = f'{source}/{filename}' if path.is_dir() else source
            catalog.add(message, locations=[(where, lineno)], auto_comments=comments, context=context)
    return catalog


def _extract_file(path: Path) -> Iterable:
    from babel.messages.extract import extract_from_file
    for lineno, message, comments, context in extract_from_file('python', path, keywords=DEFAULT_KEYWORDS):
        yield path.name, lineno, message, comments, context


def catalog_path(language: str) -> Path:
    return LOCALES / language / 'LC_MESSAGES' / 'messages.po'


def read(language: str) -> Catalog:
    path = catalog_path(language)
    if not path.exists():
        return Catalog(locale=language, charset='utf-8')
    with path.open('rb') as file:
        return read_po(file, locale=language)


def write(catalog: Catalog, path: Path) -> None:
    """Writes with fixed header dates and no line numbers, so a catalog changes only when its texts do."""
    catalog.creation_date = catalog.revision_date = STABLE_DATE
    catalog.project, catalog.version = 'client-portal', '1'
    catalog.msgid_bugs_address = catalog.last_translator = catalog.language_team = ''
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open('wb') as file:
        write_po(file, catalog, width=120, sort_output=True, include_lineno=False)


def languages() -> list[str]:
    return [code for code in LANGUAGES if code != DEFAULT_LANGUAGE]


def update(template: Catalog) -> None:
    for language in languages():
        catalog = read(language)
        catalog.update(template, no_fuzzy_matching=True)
        catalog.obsolete.clear()
        write(catalog, catalog_path(language))


def fill(translations: dict[str, dict[str, str]]) -> None:
    for language in languages():
        catalog = read(language)
        for message in catalog:
            if not message.id:
                continue
            key = message.id[0] if isinstance(message.id, tuple | list) else message.id
            found = translations.get(key, {}).get(language)
            if found is None:
                continue
            if isinstance(message.id, tuple | list):  # French and Spanish have a third form (for millions)
                forms = list(found) if isinstance(found, list) else [found]
                message.string = tuple((forms + [forms[-1]] * catalog.num_plurals)[:catalog.num_plurals])
            else:
                message.string = found
            message.flags.discard('fuzzy')
        write(catalog, catalog_path(language))


def problems(template: Catalog) -> list[str]:
    """What stops a language from being complete: a missing or fuzzy text, or placeholders that differ."""
    found = []
    for language in languages():
        catalog = read(language)
        for wanted in template:
            if not wanted.id:
                continue
            message = catalog.get(wanted.id, context=wanted.context)
            if message is None or not _translated(message):
                found.append(f'{language}: not translated: {wanted.id!r}')
            elif message.fuzzy:
                found.append(f'{language}: fuzzy: {wanted.id!r}')
            elif not _same_placeholders(message):
                found.append(f'{language}: placeholders differ: {wanted.id!r} -> {message.string!r}')
    return found


def _translated(message: Message) -> bool:
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    return bool(strings) and all(strings)


def _placeholders(text: str) -> set[str]:
    names = {name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name is not None}
    return names | set(re.findall(r'%\(\w+\)[sd]|%[sd]', text))


def _same_placeholders(message: Message) -> bool:
    ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
    strings = message.string if isinstance(message.string, tuple | list) else (message.string,)
    try:
        wanted = set().union(*(_placeholders(text) for text in ids))
        return all(_placeholders(text or '') <= wanted for text in strings) and \
            wanted <= set().union(*(_placeholders(text or '') for text in strings)) | {'count', 'n'}
    except ValueError:  # a stray brace
        return False


def main(argv: list[str]) -> int:
    command = argv[0] if argv else 'check'
    template = extract()
    if command == 'extract':
        write(template, TEMPLATE)
    elif command == 'update':
        write(template, TEMPLATE)
        update(template)
    elif command == 'fill':
        for name in argv[1:]:
            fill(json.loads(Path(name).read_text(encoding='utf-8')))
    found = problems(template)
    for line in found:
        print(line)
    print(f'{len(template)} texts; {len(found)} problems')
    return 1 if found and command == 'check' else 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
