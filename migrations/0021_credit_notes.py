from orjson import loads
from tortoise import fields, migrations
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise.indexes import Index
from tortoise.migrations import operations as ops

from domain.models.enums import DocumentKind, PaymentMode


async def fill_unapplied(apps, schema_editor) -> None:
    """What earlier payments did not apply to any invoice (a late card payment's surplus) is credit from now on."""
    await schema_editor.client.execute_script(
        'UPDATE payment SET unapplied = amount - COALESCE((SELECT SUM(a.amount) FROM payment_allocation a '
        'WHERE a.payment_id = payment.id), 0)')


class Migration(migrations.Migration):
    dependencies = [('models', '0020_operations')]

    initial = False

    operations = [
        ops.CreateModel(
            name='CreditApplication',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='credit_applications', on_delete=OnDelete.RESTRICT)),
                ('invoice', fields.ForeignKeyField('models.Document', source_field='invoice_id', db_constraint=True, to_field='id', related_name='credit_received', on_delete=OnDelete.RESTRICT)),
                ('credit_note', fields.ForeignKeyField('models.Document', source_field='credit_note_id', null=True, db_constraint=True, to_field='id', related_name='credit_given', on_delete=OnDelete.RESTRICT)),
                ('payment', fields.ForeignKeyField('models.Payment', source_field='payment_id', null=True, db_constraint=True, to_field='id', related_name='credit_given', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('date', fields.DateField()),
                ('applied_by', fields.ForeignKeyField('models.StaffUser', source_field='applied_by_id', null=True, db_constraint=True, to_field='id', related_name='credit_applied', on_delete=OnDelete.SET_NULL)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='credit_applied', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'credit_application', 'app': 'models', 'indexes': [Index(fields=['contact_id', 'date', 'id']), Index(fields=['invoice_id']), Index(fields=['credit_note_id']), Index(fields=['payment_id'])], 'pk_attr': 'id', 'table_description': 'Credit used to pay an invoice, taken from a credit note or from the unapplied part of a payment.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Refund',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='refunds', on_delete=OnDelete.RESTRICT)),
                ('payment', fields.ForeignKeyField('models.Payment', source_field='payment_id', null=True, db_constraint=True, to_field='id', related_name='refunds', on_delete=OnDelete.RESTRICT)),
                ('credit_note', fields.ForeignKeyField('models.Document', source_field='credit_note_id', null=True, db_constraint=True, to_field='id', related_name='refunds', on_delete=OnDelete.RESTRICT)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('date', fields.DateField()),
                ('mode', fields.CharEnumField(description='CASH: cash\nBANK_TRANSFER: bank_transfer\nCHEQUE: cheque\nCARD_TERMINAL: card_terminal\nONLINE_CARD: online_card\nOTHER: other', enum_type=PaymentMode, max_length=20)),
                ('reference', fields.CharField(default='', max_length=100)),
                ('notes', fields.TextField(default='', unique=False)),
                ('gateway_refund_id', fields.CharField(null=True, unique=True, max_length=100)),
                ('taken_back', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('recorded_by', fields.ForeignKeyField('models.StaffUser', source_field='recorded_by_id', null=True, db_constraint=True, to_field='id', related_name='refunds_recorded', on_delete=OnDelete.SET_NULL)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'refund', 'app': 'models', 'indexes': [Index(fields=['contact_id', 'date', 'id', 'amount']), Index(fields=['payment_id'])], 'pk_attr': 'id', 'table_description': 'Money paid back to a contact: of a card payment through the processor (`gateway_refund_id`, recorded once),'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Document',
            name='kind',
            field=fields.CharEnumField(description='ESTIMATE: estimate\nINVOICE: invoice\nRETAINER: retainer\nCREDIT_NOTE: credit', enum_type=DocumentKind, max_length=10),
        ),
        ops.AddField(
            model_name='Payment',
            name='refunded',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.AddField(
            model_name='Payment',
            name='unapplied',
            field=fields.BigIntField(default=0, db_default=0),
        ),
        ops.AddIndex(
            model_name='Payment',
            index=Index(fields=['contact_id', 'unapplied']),
        ),
        ops.RunPython(fill_unapplied, ops.RunPython.noop),
    ]
