from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0017_statement_emails')]

    initial = False

    operations = [
        ops.CreateModel(
            name='LateFee',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('invoice', fields.ForeignKeyField('models.Document', source_field='invoice_id', db_constraint=True, to_field='id', related_name='late_fees', on_delete=OnDelete.CASCADE)),
                ('document', fields.OneToOneField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='late_fee_of', on_delete=OnDelete.CASCADE)),
                ('days', fields.IntField()),
                ('amount', fields.BigIntField()),
                ('waived_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('waived_by', fields.ForeignKeyField('models.StaffUser', source_field='waived_by_id', null=True, db_constraint=True, to_field='id', related_name='waived_fees', on_delete=OnDelete.SET_NULL)),
                ('waived_by_name', fields.CharField(default='', max_length=200)),
                ('waive_reason', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'late_fee', 'app': 'models', 'unique_together': (('invoice', 'days'),), 'pk_attr': 'id', 'table_description': 'A late fee: its own invoice, added with a reminder, at most one per invoice and level. Staff may waive it,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='Reminder',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('document', fields.ForeignKeyField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='reminders', on_delete=OnDelete.CASCADE)),
                ('days', fields.IntField()),
                ('level', fields.IntField()),
                ('sent_on', fields.DateField()),
                ('sent_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('amount_due', fields.BigIntField()),
                ('recipients', fields.IntField(default=0)),
            ],
            options={'table': 'reminder', 'app': 'models', 'unique_together': (('document', 'days'),), 'indexes': [Index(fields=['days', 'document_id'])], 'pk_attr': 'id', 'table_description': 'A payment reminder sent for an invoice at one level of the schedule, a level being known by its day counted'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='ReminderSchedule',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('reminders_on', fields.BooleanField(default=False)),
                ('late_fees_on', fields.BooleanField(default=False)),
                ('levels', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('updated_at', fields.DatetimeField(auto_now=True, auto_now_add=False)),
            ],
            options={'table': 'reminder_schedule', 'app': 'models', 'pk_attr': 'id', 'table_description': "The business's payment reminder schedule, one row (none until staff first save it): whether reminders and"},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Contact',
            name='send_reminders',
            field=fields.BooleanField(default=True, db_default=True),
        ),
        ops.AddField(
            model_name='Document',
            name='reminders_paused',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
