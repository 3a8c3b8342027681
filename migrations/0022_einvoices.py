from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise import fields

class Migration(migrations.Migration):
    dependencies = [('models', '0021_credit_notes')]

    initial = False

    operations = [
        ops.AddField(
            model_name='Business',
            name='bic',
            field=fields.CharField(default='', db_default='', max_length=11),
        ),
        ops.AddField(
            model_name='Business',
            name='city',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Business',
            name='country',
            field=fields.CharField(default='', db_default='', max_length=2),
        ),
        ops.AddField(
            model_name='Business',
            name='iban',
            field=fields.CharField(default='', db_default='', max_length=34),
        ),
        ops.AddField(
            model_name='Business',
            name='legal_name',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='Business',
            name='postcode',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Business',
            name='registration_id',
            field=fields.CharField(default='', db_default='', max_length=50),
        ),
        ops.AddField(
            model_name='Business',
            name='tax_number',
            field=fields.CharField(default='', db_default='', max_length=30),
        ),
        ops.AddField(
            model_name='Business',
            name='vat_id',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Contact',
            name='buyer_reference',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Contact',
            name='city',
            field=fields.CharField(default='', db_default='', max_length=100),
        ),
        ops.AddField(
            model_name='Contact',
            name='country',
            field=fields.CharField(default='', db_default='', max_length=2),
        ),
        ops.AddField(
            model_name='Contact',
            name='einvoice_format',
            field=fields.CharField(default='none', db_default='none', max_length=10),
        ),
        ops.AddField(
            model_name='Contact',
            name='postcode',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Contact',
            name='vat_id',
            field=fields.CharField(default='', db_default='', max_length=20),
        ),
        ops.AddField(
            model_name='Document',
            name='delivery_date',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Document',
            name='period_end',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='Document',
            name='period_start',
            field=fields.DateField(null=True),
        ),
        ops.AddField(
            model_name='DocumentLine',
            name='exemption_reason',
            field=fields.CharField(default='', db_default='', max_length=200),
        ),
        ops.AddField(
            model_name='DocumentLine',
            name='unit',
            field=fields.CharField(default='C62', db_default='C62', max_length=3),
        ),
        ops.AddField(
            model_name='DocumentLine',
            name='vat_category',
            field=fields.CharField(default='', db_default='', max_length=2),
        ),
    ]
