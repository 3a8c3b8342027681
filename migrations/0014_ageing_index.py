from tortoise import migrations
from tortoise.indexes import Index
from tortoise.migrations import operations as ops


class Migration(migrations.Migration):
    dependencies = [('models', '0013_balances')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='BalanceOpen',
            index=Index(fields=['contact_id', 'due_day', 'currency', 'owed_high', 'owed_low', 'owing_high',
                                'owing_low', 'owing_count']),
        ),
    ]
