"""The scheduler's records: every run of a job, and every unit of work a job has done (see domain/jobs/)."""
from typing import Any

from tortoise import fields
from tortoise.models import Model


class JobRun(Model):
    """One run of a job: who or what started it, in which process, what it did and what failed and why.

    A run the timer starts names the scheduled moment it is for (`slot`): unique per job, so when several
    processes wake at once only one of them runs it. A run started by hand has no slot."""
    id = fields.IntField(primary_key=True)
    job = fields.CharField(max_length=50)
    slot = fields.DatetimeField(null=True)
    trigger = fields.CharField(max_length=10)  # timer | manual
    started_by = fields.CharField(max_length=200, default='')  # the staff member who pressed Run now
    process = fields.CharField(max_length=100, default='')
    started_at = fields.DatetimeField()
    finished_at = fields.DatetimeField(null=True)
    units_done = fields.IntField(default=0)
    units_skipped = fields.IntField(default=0)  # found done already, by another process or run
    units_failed = fields.IntField(default=0)
    failures: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)  # {key, label, reason}
    note = fields.CharField(max_length=200, default='')

    class Meta:
        table = 'job_run'
        unique_together = (('job', 'slot'),)
        indexes = (('job', 'started_at'),)


class JobUnit(Model):
    """A unit of work a job has done, claimed by its key in the transaction that did it: never done twice."""
    id = fields.IntField(primary_key=True)
    job = fields.CharField(max_length=50)
    key = fields.CharField(max_length=200)
    run_id: int | None
    run: fields.ForeignKeyNullableRelation[JobRun] = fields.ForeignKeyField(
        'models.JobRun', related_name='units', null=True, on_delete=fields.SET_NULL)
    done_at = fields.DatetimeField()

    class Meta:
        table = 'job_unit'
        unique_together = (('job', 'key'),)
