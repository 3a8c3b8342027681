from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0018_reminders')]

    initial = False

    operations = [
        ops.CreateModel(
            name='RecurringProfile',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='recurring_profiles', on_delete=OnDelete.RESTRICT)),
                ('status', fields.CharField(default='active', max_length=10)),
                ('frequency', fields.CharField(max_length=12)),
                ('start_date', fields.DateField()),
                ('anchor_date', fields.DateField()),
                ('next_index', fields.IntField(default=0)),
                ('next_date', fields.DateField(null=True)),
                ('end_kind', fields.CharField(default='never', max_length=6)),
                ('end_count', fields.IntField(null=True)),
                ('end_date', fields.DateField(null=True)),
                ('made_count', fields.IntField(default=0)),
                ('last_date', fields.DateField(null=True)),
                ('payment_terms', fields.IntField(default=30)),
                ('send_by_itself', fields.BooleanField(default=True)),
                ('auto_charge', fields.BooleanField(default=False)),
                ('charge_on', fields.CharField(default='due', max_length=4)),
                ('reference', fields.CharField(default='', max_length=100)),
                ('notes', fields.TextField(default='', unique=False)),
                ('terms', fields.TextField(default='', unique=False)),
                ('lines', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('currency', fields.CharField(default='USD', max_length=3)),
                ('total', fields.BigIntField(default=0)),
                ('online_payment', fields.CharField(default='card', max_length=10)),
                ('allow_partial_payments', fields.BooleanField(default=False)),
                ('source_id', fields.IntField(null=True)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'recurring_profile', 'app': 'models', 'indexes': [Index(fields=['status', 'next_date']), Index(fields=['contact_id', 'status'])], 'pk_attr': 'id', 'table_description': "An invoice made again every period for one contact. Its lines are kept as typed (a period's placeholders"},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nFACTOR_RESET: factor_reset\nUPLOADED: uploaded\nEXPIRED: expired\nRECURRING: recurring', enum_type=ActivityKind, max_length=12),
        ),
        ops.AddField(
            model_name='Document',
            name='recurring_profile',
            field=fields.ForeignKeyField('models.RecurringProfile', source_field='recurring_profile_id', null=True, db_constraint=True, to_field='id', related_name='invoices', on_delete=OnDelete.SET_NULL),
        ),
    ]
