from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0002_foreign_key_indexes')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Document',
            name=None,
            fields=['contact_id', 'kind', 'issue_date'],
        ),
        ops.AddIndex(
            model_name='Document',
            index=Index(fields=['contact_id', 'kind', 'issue_date', 'id', 'status', 'total', 'amount_paid', 'due_date']),
        ),
        ops.RemoveIndex(
            model_name='Payment',
            name=None,
            fields=['contact_id', 'date'],
        ),
        ops.AddIndex(
            model_name='Payment',
            index=Index(fields=['contact_id', 'date', 'id', 'amount']),
        ),
    ]
