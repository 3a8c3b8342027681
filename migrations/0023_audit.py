from tortoise import migrations
from tortoise.migrations import operations as ops
from orjson import loads
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index


async def refuse_changes(apps, schema_editor) -> None:
    """Triggers that refuse UPDATE and DELETE on the trail (see domain/audit/triggers.py)."""
    from domain.audit.triggers import install
    await install(schema_editor.client)


class Migration(migrations.Migration):
    dependencies = [('models', '0022_einvoices')]

    initial = False

    operations = [
        ops.CreateModel(
            name='AuditEntry',
            fields=[
                ('id', fields.BigIntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('actor_kind', fields.CharField(max_length=10)),
                ('staff_id', fields.IntField(null=True)),
                ('person_id', fields.IntField(null=True)),
                ('actor_name', fields.CharField(default='', max_length=200)),
                ('ip', fields.CharField(default='', max_length=45)),
                ('action', fields.CharField(max_length=40)),
                ('contact_id', fields.IntField(null=True)),
                ('document_id', fields.IntField(null=True)),
                ('target_kind', fields.CharField(default='', max_length=20)),
                ('target_id', fields.IntField(null=True)),
                ('target_label', fields.CharField(default='', max_length=200)),
                ('changes', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('note', fields.TextField(default='', unique=False)),
            ],
            options={'table': 'audit_entry', 'app': 'models', 'indexes': [Index(fields=['at', 'id']), Index(fields=['document_id', 'at']), Index(fields=['contact_id', 'at']), Index(fields=['staff_id', 'at']), Index(fields=['person_id', 'at']), Index(fields=['action', 'at']), Index(fields=['target_id', 'target_kind'])], 'pk_attr': 'id', 'table_description': 'One change to the data, or one sign-in, as it happened: when, who (with their name as it was), from which'},
            bases=['Model'],
        ),
        ops.RunPython(refuse_changes, ops.RunPython.noop),
    ]
