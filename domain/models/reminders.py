"""Payment reminders: the schedule the business sets, every reminder sent, and the late fees added with them
(see domain/reminders/)."""
from typing import Any

from tortoise import fields
from tortoise.models import Model


class ReminderSchedule(Model):
    """The business's payment reminder schedule, one row (none until staff first save it): whether reminders and
    late fees are on, and the levels, each a day counted from the due date with its email in each portal language
    and its late fee."""
    id = fields.IntField(primary_key=True)
    reminders_on = fields.BooleanField(default=False)
    late_fees_on = fields.BooleanField(default=False)
    # [{days, texts: {language: {subject, message}}, fee: {kind, amount, percent, cap}}], by days
    levels: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'reminder_schedule'


class Reminder(Model):
    """A payment reminder sent for an invoice at one level of the schedule, a level being known by its day counted
    from the due date (negative before it). At most one per invoice and level."""
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='reminders', on_delete=fields.CASCADE)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='reminders', on_delete=fields.CASCADE)
    days = fields.IntField()  # the level: days after the due date, negative before it
    level = fields.IntField()  # its number in the schedule when it was sent, 1 for the first
    sent_on = fields.DateField()  # the business's day
    sent_at = fields.DatetimeField()
    amount_due = fields.BigIntField()  # what was still due, in the invoice's currency
    recipients = fields.IntField(default=0)

    class Meta:
        table = 'reminder'
        unique_together = (('document', 'days'),)
        indexes = (('days', 'document_id'),)


class LateFee(Model):
    """A late fee: its own invoice, added with a reminder, at most one per invoice and level. Staff may waive it,
    which voids its invoice and keeps who did and why."""
    id = fields.IntField(primary_key=True)
    invoice_id: int
    invoice: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='late_fees', on_delete=fields.CASCADE)  # the invoice paid late
    document_id: int
    document: fields.OneToOneRelation = fields.OneToOneField(
        'models.Document', related_name='late_fee_of', on_delete=fields.CASCADE)  # the late-fee invoice
    days = fields.IntField()  # the reminder level it came with
    amount = fields.BigIntField()
    waived_at = fields.DatetimeField(null=True)
    waived_by_id: int | None
    waived_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='waived_fees', null=True, on_delete=fields.SET_NULL)
    waived_by_name = fields.CharField(max_length=200, default='')
    waive_reason = fields.TextField(default='')

    class Meta:
        table = 'late_fee'
        unique_together = (('invoice', 'days'),)
