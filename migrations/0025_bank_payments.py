from tortoise.fields.data import JSON_DUMPS
from orjson import loads
from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind, OnlinePaymentStatus, PaymentMode
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0024_automatic_payment')]

    initial = False

    operations = [
        ops.CreateModel(
            name='SepaMandate',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('contact', fields.ForeignKeyField('models.Contact', source_field='contact_id', db_constraint=True, to_field='id', related_name='sepa_mandates', on_delete=OnDelete.RESTRICT)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='sepa_mandates', on_delete=OnDelete.SET_NULL)),
                ('payment_method_id', fields.CharField(unique=True, max_length=100)),
                ('reference', fields.CharField(unique=True, max_length=35)),
                ('account_holder', fields.CharField(max_length=200)),
                ('email', fields.CharField(max_length=254)),
                ('iban_last4', fields.CharField(max_length=4)),
                ('accepted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ip', fields.CharField(default='', max_length=45)),
                ('user_agent', fields.CharField(default='', max_length=300)),
                ('text_shown', fields.TextField(unique=False)),
                ('saved', fields.BooleanField(default=False)),
                ('revoked', fields.BooleanField(default=False)),
            ],
            options={'table': 'sepa_mandate', 'app': 'models', 'indexes': [Index(fields=['contact_id', 'saved'])], 'pk_attr': 'id', 'table_description': "A client's SEPA direct debit mandate, as accepted in the portal: who, when, from where, the words shown."},
            bases=['Model'],
        ),
        ops.AddField(
            model_name='Business',
            name='creditor_id',
            field=fields.CharField(default='', db_default='', max_length=35),
        ),
        ops.AddField(
            model_name='Business',
            name='sepa_debit_enabled',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Document',
            name='payment_processing',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AlterField(
            model_name='OnlinePayment',
            name='status',
            field=fields.CharEnumField(default=OnlinePaymentStatus.PENDING, description='PENDING: pending\nREQUIRES_ACTION: requires_action\nPROCESSING: processing\nSUCCEEDED: succeeded\nFAILED: failed\nCANCELED: canceled', enum_type=OnlinePaymentStatus, max_length=20),
        ),
        ops.AlterField(
            model_name='Payment',
            name='mode',
            field=fields.CharEnumField(description='CASH: cash\nBANK_TRANSFER: bank_transfer\nCHEQUE: cheque\nCARD_TERMINAL: card_terminal\nONLINE_CARD: online_card\nSEPA_DEBIT: sepa_debit\nOTHER: other', enum_type=PaymentMode, max_length=20),
        ),
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nFACTOR_RESET: factor_reset\nUPLOADED: uploaded\nEXPIRED: expired\nRECURRING: recurring\nDEBIT_FAILED: debit_failed\nDISPUTED: disputed', enum_type=ActivityKind, max_length=12),
        ),
        ops.CreateModel(
            name='BankImport',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('file_name', fields.CharField(max_length=200)),
                ('kind', fields.CharField(max_length=10)),
                ('imported_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('imported_by', fields.ForeignKeyField('models.StaffUser', source_field='imported_by_id', null=True, db_constraint=True, to_field='id', related_name='bank_imports', on_delete=OnDelete.SET_NULL)),
                ('new_lines', fields.IntField(default=0)),
                ('known_lines', fields.IntField(default=0)),
                ('skipped_lines', fields.IntField(default=0)),
            ],
            options={'table': 'bank_import', 'app': 'models', 'pk_attr': 'id', 'table_description': 'One upload of a statement file, and what it brought.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='BankLine',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('key', fields.CharField(unique=True, max_length=64)),
                ('bank_import', fields.ForeignKeyField('models.BankImport', source_field='bank_import_id', db_constraint=True, to_field='id', related_name='lines', on_delete=OnDelete.CASCADE)),
                ('account', fields.CharField(default='', max_length=70)),
                ('booked_on', fields.DateField()),
                ('amount', fields.BigIntField()),
                ('currency', fields.CharField(max_length=3)),
                ('payer', fields.CharField(default='', max_length=200)),
                ('remittance', fields.TextField(default='', unique=False)),
                ('reference', fields.CharField(default='', max_length=35)),
                ('booking_ref', fields.CharField(default='', max_length=100)),
                ('status', fields.CharField(default='open', max_length=10)),
                ('suggested_id', fields.IntField(null=True)),
                ('basis', fields.CharField(default='', max_length=20)),
                ('document_id', fields.IntField(null=True)),
                ('payment_id', fields.IntField(null=True)),
                ('note', fields.TextField(default='', unique=False)),
                ('handled_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('handled_by_id', fields.IntField(null=True)),
            ],
            options={'table': 'bank_line', 'app': 'models', 'indexes': [Index(fields=['status', 'booked_on'])], 'pk_attr': 'id', 'table_description': 'An incoming credit from a statement. `key` (account and booking reference, or a hash of the line) is unique,'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='CsvMapping',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('name', fields.CharField(unique=True, max_length=100)),
                ('columns', fields.JSONField(default=dict, encoder=JSON_DUMPS, decoder=loads)),
                ('delimiter', fields.CharField(default=',', max_length=1)),
                ('decimal_comma', fields.BooleanField(default=False)),
                ('date_format', fields.CharField(default='%Y-%m-%d', max_length=20)),
                ('account', fields.CharField(default='', max_length=70)),
            ],
            options={'table': 'csv_mapping', 'app': 'models', 'pk_attr': 'id', 'table_description': 'Which CSV column holds what, chosen once by staff and used again for the next file from the same bank.'},
            bases=['Model'],
        ),
    ]
