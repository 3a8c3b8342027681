from tortoise import fields, migrations
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0011_activity_kinds')]

    initial = False

    operations = [
        ops.AddField(
            model_name='StaffUser',
            name='language',
            field=fields.CharField(default='en', max_length=8, db_default='en'),
        ),
        ops.AddField(
            model_name='ContactPerson',
            name='language',
            field=fields.CharField(default='en', max_length=8, db_default='en'),
        ),
    ]
