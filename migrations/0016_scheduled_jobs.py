from tortoise import migrations
from tortoise.migrations import operations as ops
from domain.models.enums import ActivityKind
from orjson import loads
from tortoise.fields.base import OnDelete
from tortoise.fields.data import JSON_DUMPS
from tortoise import fields
from tortoise.indexes import Index

class Migration(migrations.Migration):
    dependencies = [('models', '0015_staff_acceptance')]

    initial = False

    operations = [
        ops.CreateModel(
            name='JobRun',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.CharField(max_length=50)),
                ('slot', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('trigger', fields.CharField(max_length=10)),
                ('started_by', fields.CharField(default='', max_length=200)),
                ('process', fields.CharField(default='', max_length=100)),
                ('started_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
                ('finished_at', fields.DatetimeField(null=True, auto_now=False, auto_now_add=False)),
                ('units_done', fields.IntField(default=0)),
                ('units_skipped', fields.IntField(default=0)),
                ('units_failed', fields.IntField(default=0)),
                ('failures', fields.JSONField(default=list, encoder=JSON_DUMPS, decoder=loads)),
                ('note', fields.CharField(default='', max_length=200)),
            ],
            options={'table': 'job_run', 'app': 'models', 'unique_together': (('job', 'slot'),), 'indexes': [Index(fields=['job', 'started_at'])], 'pk_attr': 'id', 'table_description': 'One run of a job: who or what started it, in which process, what it did and what failed and why.'},
            bases=['Model'],
        ),
        ops.CreateModel(
            name='JobUnit',
            fields=[
                ('id', fields.IntField(generated=True, primary_key=True, unique=True, db_index=True)),
                ('job', fields.CharField(max_length=50)),
                ('key', fields.CharField(max_length=200)),
                ('run', fields.ForeignKeyField('models.JobRun', source_field='run_id', null=True, db_constraint=True, to_field='id', related_name='units', on_delete=OnDelete.SET_NULL)),
                ('done_at', fields.DatetimeField(auto_now=False, auto_now_add=False)),
            ],
            options={'table': 'job_unit', 'app': 'models', 'unique_together': (('job', 'key'),), 'pk_attr': 'id', 'table_description': 'A unit of work a job has done, claimed by its key in the transaction that did it: never done twice.'},
            bases=['Model'],
        ),
        ops.AlterField(
            model_name='Activity',
            name='kind',
            field=fields.CharEnumField(description='VIEWED: viewed\nACCEPTED: accepted\nDECLINED: declined\nCOMMENTED: commented\nPAID: paid\nFORWARDED: forwarded\nFACTOR_RESET: factor_reset\nUPLOADED: uploaded\nEXPIRED: expired', enum_type=ActivityKind, max_length=12),
        ),
        ops.AddField(
            model_name='StaffUser',
            name='may_run_jobs',
            field=fields.BooleanField(default=False, db_default=False),
        ),
    ]
