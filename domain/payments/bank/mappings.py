"""CSV column mappings: staff say once which column of their bank's CSV export holds what, and use it again."""
from __future__ import annotations

from dataclasses import dataclass, field

from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.formats import _
from domain.models import CsvMapping
from domain.payments.bank.csv_import import DATE_FORMATS, DELIMITERS, FIELDS, REQUIRED


@dataclass
class MappingForm:
    name: str = ''
    columns: dict[str, str] = field(default_factory=dict)  # field (FIELDS) -> the header of its column
    delimiter: str = ','
    decimal_comma: bool = False
    date_format: str = '%Y-%m-%d'
    account: str = ''


@dataclass(frozen=True)
class MappingView:
    id: int
    name: str


async def list_mappings(actor: StaffActor) -> list[MappingView]:
    await sessions.check(actor)
    return [MappingView(m.id, m.name) for m in await CsvMapping.all().order_by('name')]


def clean_mapping(form: MappingForm) -> dict:
    c = form_input.Collector()
    name = c.take('name', form_input.text, form.name, limit=100, required=_('Name the mapping, like your bank.'))
    columns = {}
    for key in FIELDS:
        header = c.take(key, form_input.text, form.columns.get(key, ''), limit=100)
        if header:
            columns[key] = header
        elif key in REQUIRED:
            c.add(key, _('Enter the header of this column.'))
    if form.delimiter not in DELIMITERS:
        c.add('delimiter', _('Choose the separator.'))
    if form.date_format not in DATE_FORMATS:
        c.add('date_format', _('Choose the date format.'))
    account = c.take('account', form_input.text, form.account, limit=70)
    c.check()
    return {'name': name, 'columns': columns, 'delimiter': form.delimiter, 'decimal_comma': bool(form.decimal_comma),
            'date_format': form.date_format, 'account': account}


async def save_mapping(actor: StaffActor, form: MappingForm) -> int:
    """Save the mapping under its name (the same name replaces it); its id."""
    await sessions.check(actor)
    values = clean_mapping(form)
    async with in_transaction():
        found = await CsvMapping.get_or_none(name=values['name'])
        if found is not None:
            await CsvMapping.filter(id=found.id).update(**values)
        else:
            found = await CsvMapping.create(**values)
        await audit.record(actor, audit.Action.BANK_MAPPING_SAVED, label=str(values['name']))
        return found.id
