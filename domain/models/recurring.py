"""Recurring profiles: what a repeating invoice holds and when the next one is made (see domain/recurring/)."""
from typing import Any

from tortoise import fields
from tortoise.models import Model


class RecurringProfile(Model):
    """An invoice made again every period for one contact. Its lines are kept as typed (a period's placeholders
    still unfilled). Periods are counted from `anchor_date`: period `next_index` falls on `next_date`. Staff
    pausing, resuming or changing the schedule moves the anchor, never an invoice already made."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='recurring_profiles', on_delete=fields.RESTRICT)
    status = fields.CharField(max_length=10, default='active')  # active, paused, ended
    frequency = fields.CharField(max_length=12)  # weekly, biweekly, monthly, quarterly, halfyearly, yearly
    start_date = fields.DateField()  # the first invoice's date, as staff chose it
    anchor_date = fields.DateField()  # periods are counted from here (the start, or the last schedule change)
    next_index = fields.IntField(default=0)  # the next period's number counted from the anchor
    next_date = fields.DateField(null=True)  # the next invoice's date (None once ended)
    end_kind = fields.CharField(max_length=6, default='never')  # never, count, date
    end_count = fields.IntField(null=True)  # end after this many invoices
    end_date = fields.DateField(null=True)  # no invoice after this day
    made_count = fields.IntField(default=0)
    last_date = fields.DateField(null=True)  # the latest made invoice's period date
    payment_terms = fields.IntField(default=30)  # days from an invoice's date to its due date
    send_by_itself = fields.BooleanField(default=True)  # else each invoice waits as a draft for review
    auto_charge = fields.BooleanField(default=False)  # charge the card the client agreed to, when they have
    charge_on = fields.CharField(max_length=4, default='due')  # due (on the due date) or sent (when it is sent)
    reference = fields.CharField(max_length=100, default='')
    notes = fields.TextField(default='')
    terms = fields.TextField(default='')
    # [{name, description, quantity, rate, tax_percent}]: quantity and tax as decimal strings, rate in cents
    lines: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    currency = fields.CharField(max_length=3, default='USD')
    total = fields.BigIntField(default=0)  # of each invoice, with tax
    online_payment = fields.CharField(max_length=10, default='card')
    allow_partial_payments = fields.BooleanField(default=False)
    source_id = fields.IntField(null=True)  # the invoice it was made from (an id only: invoices point here)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'recurring_profile'
        indexes = (('status', 'next_date'), ('contact_id', 'status'))
