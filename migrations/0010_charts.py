from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0008_signatures_attachments')]

    initial = False

    operations = [
        ops.RemoveIndex(
            model_name='Document',
            name=None,
            fields=['kind', 'issue_date'],
        ),
        ops.AddIndex(
            model_name='Document',
            index=Index(fields=['kind', 'status', 'currency', 'due_date', 'total', 'amount_paid']),
        ),
        ops.AddIndex(
            model_name='Document',
            index=Index(fields=['kind', 'issue_date', 'status', 'currency', 'total']),
        ),
        ops.AddIndex(
            model_name='Payment',
            index=Index(fields=['date', 'currency', 'amount']),
        ),
    ]
