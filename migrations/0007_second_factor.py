from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind, SessionKind
from tortoise.fields.base import OnDelete
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0006_rate_limits')]

    initial = False

    operations = [
        ops.CreateModel(
            name='PendingSignIn',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='PORTAL: portal\nSTAFF: staff', enum_type=SessionKind, max_length=10)),
                ('browser_hash', fields.CharField(max_length=64)),
                ('person', fields.ForeignKeyField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='pending_sign_ins', on_delete=OnDelete.CASCADE)),
                ('staff', fields.ForeignKeyField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='pending_sign_ins', on_delete=OnDelete.CASCADE)),
                ('step', fields.CharField(max_length=10)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('expires_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'pending_sign_in', 'app': 'models', 'unique_together': (('kind', 'browser_hash'),), 'indexes': [Index(fields=['person_id']), Index(fields=['staff_id'])], 'pk_attr': 'id', 'table_description': 'A sign-in whose password was right, waiting for its second step in the browser that typed it.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='SecondFactor',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('kind', fields.CharEnumField(description='PORTAL: portal\nSTAFF: staff', enum_type=SessionKind, max_length=10)),
                ('person', fields.OneToOneField('models.ContactPerson', source_field='person_id', null=True, db_constraint=True, to_field='id', related_name='second_factor', on_delete=OnDelete.CASCADE)),
                ('staff', fields.OneToOneField('models.StaffUser', source_field='staff_id', null=True, db_constraint=True, to_field='id', related_name='second_factor', on_delete=OnDelete.CASCADE)),
                ('secret', fields.CharField(max_length=200)),
                ('confirmed_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('last_step', fields.BigIntField(default=0)),
                ('created_at', fields.DatetimeField(auto_now=False, auto_now_add=True)),
            ],
            options={'table': 'second_factor', 'app': 'models', 'pk_attr': 'id', 'table_description': 'The authenticator-app secret of one person or staff user, encrypted with a key derived from PORTAL_SECRET.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='RecoveryCode',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('factor', fields.ForeignKeyField('models.SecondFactor', source_field='factor_id', db_constraint=True, to_field='id', related_name='recovery_codes', on_delete=OnDelete.CASCADE)),
                ('code_hash', fields.CharField(unique=True, max_length=64)),
                ('used_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'recovery_code', 'app': 'models', 'indexes': [Index(fields=['factor_id'])], 'pk_attr': 'id', 'table_description': 'A single-use recovery code: only a keyed SHA-256 of it is kept (the code itself has about 79 random bits).'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nFACTOR_RESET: factor_reset', enum_type=ActivityKind, max_length=12),
        ),
        ops.AddField(
            model_name='Business',
            name='require_second_factor_portal',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='Business',
            name='require_second_factor_staff',
            field=fields.BooleanField(default=False, db_default=False),
        ),
        ops.AddField(
            model_name='StaffUser',
            name='may_reset_second_factor',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
