from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0019_recurring')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PersonErasure',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('person_id', fields.IntField()),
                ('contact_id', fields.IntField()),
                ('erased_by', fields.ForeignKeyField('models.StaffUser', source_field='erased_by_id', null=True, db_constraint=True, to_field='id', related_name='erasures', on_delete=OnDelete.SET_NULL)),
                ('erased_by_name', fields.CharField(max_length=200)),
                ('erased_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'person_erasure', 'app': 'models', 'indexes': [Index(fields=['contact_id'])], 'pk_attr': 'id', 'table_description': "The record that a contact person's personal data was erased: who did it, when, and whom (by id, since the"},
            bases=['Model'],
        ),
    ]
