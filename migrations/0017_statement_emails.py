from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0016_scheduled_jobs')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Contact',
            name='statement_schedule',
            field=fields.CharField(default='none', db_default='none', max_length=10),
        ),
        ops.AddField(
            model_name='Contact',
            name='statement_since',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='ContactPerson',
            name='receives_statements',
            field=fields.BooleanField(default=True, db_default=True),
        ),
    ]
