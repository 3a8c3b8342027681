from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind, AuthorKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0007_second_factor')]

    initial = False

    operations = [
        ops.CreateModel(
            name='Attachment',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('document', fields.ForeignKeyField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.CASCADE)),
                ('storage_key', fields.CharField(unique=True, max_length=100)),
                ('file_name', fields.CharField(max_length=200)),
                ('content_type', fields.CharField(max_length=100)),
                ('size', fields.IntField()),
                ('show_in_portal', fields.BooleanField(default=False)),
                ('send_with_email', fields.BooleanField(default=False)),
                ('uploaded_by', fields.CharEnumField(description='CLIENT: client\nSTAFF: staff', enum_type=AuthorKind, max_length=10)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.SET_NULL)),
                ('staff', fields.ForeignKeyField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='attachments', on_delete=OnDelete.SET_NULL)),
                ('uploader_name', fields.CharField(max_length=200)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'attachment', 'app': 'models', 'indexes': [Index(fields=['document_id', 'created_at'])], 'pk_attr': 'id', 'table_description': 'A file on an estimate or invoice. The bytes live in the file storage under `storage_key`, chosen by the'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='EstimateAcceptance',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('document', fields.ForeignKeyField('models.Document', source_field='document_id', db_constraint=True, to_field='id', related_name='acceptances', on_delete=OnDelete.CASCADE)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='acceptances', on_delete=OnDelete.SET_NULL)),
                ('person_name', fields.CharField(max_length=200)),
                ('person_email', fields.CharField(default='', max_length=254)),
                ('typed_name', fields.CharField(max_length=200)),
                ('accepted_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('ip', fields.CharField(default='', max_length=45)),
                ('user_agent', fields.CharField(default='', max_length=300)),
                ('signature_png', fields.BinaryField(null=True)),
                ('signature_kind', fields.CharField(default='', max_length=10)),
                ('content_sha256', fields.CharField(max_length=64)),
            ],
            options={'table': 'estimate_acceptance', 'app': 'models', 'indexes': [Index(fields=['document_id', 'accepted_at'])], 'pk_attr': 'id', 'table_description': "A client's acceptance of an estimate, kept as evidence: who, when, from where, their signature, and a"},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nUPLOADED: uploaded', enum_type=ActivityKind, max_length=12),
        ),
        ops.AddField(
            model_name='Business',
            name='require_signature',
            field=fields.BooleanField(default=True, db_default=False),
        ),
    ]
