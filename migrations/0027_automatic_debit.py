from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0026_merged_choices')]

    initial = False

    operations = [
        ops.AlterModelOptions(
            name='PaymentConsent',
            options={'table': 'payment_consent', 'app': 'models', 'indexes': [Index(fields=['contact_id', 'granted_at'])], 'pk_attr': 'id', 'table_description': "A client person's consent to have their company's invoices charged to one saved card, or debited from one"},
        ),
        ops.AddField(
            model_name='PaymentConsent',
            name='mandate',
            field=fields.ForeignKeyField('models.SepaMandate', source_field='mandate_id', null=True, db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.SET_NULL),
        ),
        ops.AddField(
            model_name='PaymentConsent',
            name='mandate_reference',
            field=fields.CharField(default='', max_length=35),
        ),
    ]
