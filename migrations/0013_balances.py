from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.migrations import operations as ops


async def fill_balances(apps, schema_editor) -> None:
    """An upgraded database holds documents and payments already: compute their running balances at once."""
    from domain.balances.rebuild import rebuild
    await rebuild(client=schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0012_languages')]

    initial = False

    operations = [
        ops.CreateModel(
            name='BalanceDay',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='balance_days', on_delete=OnDelete.CASCADE)),
                ('day', fields.DateField()),
                ('invoiced_high', fields.BigIntField(default=0)),
                ('invoiced_low', fields.BigIntField(default=0)),
                ('invoice_count', fields.IntField(default=0)),
                ('received_high', fields.BigIntField(default=0)),
                ('received_low', fields.BigIntField(default=0)),
                ('payment_count', fields.IntField(default=0)),
            ],
            options={'table': 'balance_day', 'app': 'models', 'unique_together': (('contact', 'day'),), 'pk_attr': 'id', 'table_description': 'Per contact and day: the invoices issued that day that a statement shows (sent, partially paid or paid) and'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BalanceOpen',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='balance_open', on_delete=OnDelete.CASCADE)),
                ('kind', fields.CharField(max_length=10)),
                ('currency', fields.CharField(max_length=3)),
                ('due_day', fields.DateField()),
                ('payable_due_high', fields.BigIntField(default=0)),
                ('payable_due_low', fields.BigIntField(default=0)),
                ('payable_count', fields.IntField(default=0)),
                ('owing_high', fields.BigIntField(default=0)),
                ('owing_low', fields.BigIntField(default=0)),
                ('owing_count', fields.IntField(default=0)),
                ('owed_high', fields.BigIntField(default=0)),
                ('owed_low', fields.BigIntField(default=0)),
            ],
            options={'table': 'balance_open', 'app': 'models', 'unique_together': (('contact', 'kind', 'currency', 'due_day'),), 'pk_attr': 'id', 'table_description': 'Per contact, kind of invoice, currency and due day (9999-12-31 for none): what open invoices still owe.'},
            bases=['Model'],
        ),
        ops.RunPython(fill_balances, ops.RunPython.noop),
    ]
