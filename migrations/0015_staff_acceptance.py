from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0014_ageing_index')]

    initial = False

    operations = [
        ops.AddField(
            model_name='EstimateAcceptance',
            name='reason',
            field=fields.TextField(default='', db_default='', unique=False),
        ),
        ops.AddField(
            model_name='EstimateAcceptance',
            name='staff',
            field=fields.ForeignKeyField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='acceptances', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='EstimateAcceptance',
            name='staff_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
    ]
