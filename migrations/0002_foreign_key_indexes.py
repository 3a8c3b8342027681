from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0001_initial')]

    initial = False

    operations = [
        ops.AddIndex(
            model_name='AccessToken',
            index=Index(fields=['person_id', 'purpose']),
        ),
        ops.AddIndex(
            model_name='Activity',
            index=Index(fields=['document_id', 'person_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='Comment',
            index=Index(fields=['document_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='ContactPerson',
            index=Index(fields=['contact_id']),
        ),
        ops.AddIndex(
            model_name='DocumentLine',
            index=Index(fields=['document_id', 'position']),
        ),
        ops.AddIndex(
            model_name='OnlinePayment',
            index=Index(fields=['contact_id', 'status']),
        ),
        ops.AddIndex(
            model_name='OutgoingMail',
            index=Index(fields=['contact_id', 'created_at']),
        ),
        ops.AddIndex(
            model_name='PaymentAllocation',
            index=Index(fields=['document_id']),
        ),
        ops.AddIndex(
            model_name='SavedCard',
            index=Index(fields=['person_id']),
        ),
        ops.AddIndex(
            model_name='Session',
            index=Index(fields=['person_id']),
        ),
        ops.AddIndex(
            model_name='Session',
            index=Index(fields=['staff_id']),
        ),
    ]
