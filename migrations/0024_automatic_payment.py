from tortoise import migrations
from tortoise.migrations import operations as ops
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0023_audit')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PaymentConsent',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='payment_consents', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='payment_consents', on_delete=OnDelete.SET_NULL)),
                ('person_name', fields.CharField(max_length=200)),
                ('person_email', fields.CharField(default='', max_length=254)),
                ('card', fields.ForeignKeyField('models.SavedCard', source_field='card_id', null=True, db_constraint=True, to_field='id', related_name='consents', on_delete=OnDelete.SET_NULL)),
                ('payment_method_id', fields.CharField(max_length=100)),
                ('card_label', fields.CharField(max_length=60)),
                ('words', fields.TextField(unique=False)),
                ('language', fields.CharField(default='en', max_length=10)),
                ('ip', fields.CharField(default='', max_length=45)),
                ('user_agent', fields.CharField(default='', max_length=300)),
                ('granted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ended_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('ended_by', fields.CharField(default='', max_length=200)),
                ('active_contact_id', fields.IntField(null=True, unique=True)),
            ],
            options={'table': 'payment_consent', 'app': 'models', 'indexes': [Index(fields=['contact_id', 'granted_at'])], 'pk_attr': 'id', 'table_description': "A client person's consent to have their company's invoices charged to one saved card by themselves, kept as"},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='AutomaticCharge',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('document', fields.ForeignKeyField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='automatic_charges', on_delete=OnDelete.CASCADE)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='automatic_charges', on_delete=OnDelete.CASCADE)),
                ('attempt', fields.IntField()),
                ('consent', fields.ForeignKeyField('models.PaymentConsent', source_field='consent_id', null=True, db_constraint=True, to_field='id', related_name='charges', on_delete=OnDelete.SET_NULL)),
                ('online_payment', fields.ForeignKeyField('models.OnlinePayment', source_field='online_payment_id', null=True, db_constraint=True, to_field='id', related_name='automatic_charges', on_delete=OnDelete.SET_NULL)),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('card_label', fields.CharField(default='', max_length=60)),
                ('status', fields.CharField(default='charging', max_length=20)),
                ('decline_code', fields.CharField(default='', max_length=60)),
                ('message', fields.TextField(default='', unique=False)),
                ('attempted_on', fields.DateField()),
                ('attempted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'automatic_charge', 'app': 'models', 'unique_together': (('document', 'attempt'),), 'pk_attr': 'id', 'table_description': 'One attempt to charge an invoice by itself under a consent, unique per invoice and attempt number.'},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Document',
            name='charge_when_sent',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
