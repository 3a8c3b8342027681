"""Stored running figures of what each contact was invoiced, paid and still owes (see domain/balances).

They are derived data: `python -m commands.verify_balances` recomputes them from documents and payments. Each amount
is kept in two columns, X = X_high * 2**32 + X_low (each change adds its own two halves), so a sum stays exact
whatever is stored, as in `domain/sums.py`.
"""
from tortoise import fields
from tortoise.models import Model


class BalanceDay(Model):
    """Per contact and day: the invoices issued that day that a statement shows (sent, partially paid or paid) and
    the payments dated that day, summed and counted. A statement's opening balance and period totals add these up."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='balance_days', on_delete=fields.CASCADE)
    day = fields.DateField()
    invoiced_high = fields.BigIntField(default=0)
    invoiced_low = fields.BigIntField(default=0)
    invoice_count = fields.IntField(default=0)
    received_high = fields.BigIntField(default=0)
    received_low = fields.BigIntField(default=0)
    payment_count = fields.IntField(default=0)

    class Meta:
        table = 'balance_day'
        unique_together = (('contact', 'day'),)


class BalanceOpen(Model):
    """Per contact, kind of invoice, currency and due day (9999-12-31 for none): what open invoices still owe.

    `payable_due` and `payable_count` cover the sent and partially paid ones (the dashboard's outstanding and
    overdue); `owing` and `owing_count` those of them that still owe something (the dashboard's chart by age);
    `owed` covers every invoice on a statement that still owes something (the statement's ageing)."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='balance_open', on_delete=fields.CASCADE)
    kind = fields.CharField(max_length=10)
    currency = fields.CharField(max_length=3)
    due_day = fields.DateField()
    payable_due_high = fields.BigIntField(default=0)
    payable_due_low = fields.BigIntField(default=0)
    payable_count = fields.IntField(default=0)
    owing_high = fields.BigIntField(default=0)
    owing_low = fields.BigIntField(default=0)
    owing_count = fields.IntField(default=0)
    owed_high = fields.BigIntField(default=0)
    owed_low = fields.BigIntField(default=0)

    class Meta:
        table = 'balance_open'
        unique_together = (('contact', 'kind', 'currency', 'due_day'),)
        # the ageing sums read each range of due days from this index alone, without the table (figures.py)
        indexes = (('contact_id', 'due_day', 'currency', 'owed_high', 'owed_low', 'owing_high', 'owing_low',
                    'owing_count'),)
