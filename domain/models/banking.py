"""Bank statements staff upload: each incoming credit once (its key), what it was matched to, and CSV mappings."""
from tortoise import fields
from tortoise.models import Model


class BankImport(Model):
    """One upload of a statement file, and what it brought."""
    id = fields.IntField(primary_key=True)
    file_name = fields.CharField(max_length=200)
    kind = fields.CharField(max_length=10)  # camt | csv
    imported_at = fields.DatetimeField()
    imported_by_id: int | None
    imported_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='bank_imports', null=True, on_delete=fields.SET_NULL)
    new_lines = fields.IntField(default=0)
    known_lines = fields.IntField(default=0)  # already imported before
    skipped_lines = fields.IntField(default=0)  # foreign currency and the like

    class Meta:
        table = 'bank_import'


class BankLine(Model):
    """An incoming credit from a statement. `key` (account and booking reference, or a hash of the line) is unique,
    so the same line uploaded again is recognised. status: open, recorded, skipped."""
    id = fields.IntField(primary_key=True)
    key = fields.CharField(max_length=64, unique=True)
    bank_import_id: int
    bank_import: fields.ForeignKeyRelation[BankImport] = fields.ForeignKeyField(
        'models.BankImport', related_name='lines', on_delete=fields.CASCADE)
    account = fields.CharField(max_length=70, default='')
    booked_on = fields.DateField()
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    payer = fields.CharField(max_length=200, default='')
    remittance = fields.TextField(default='')
    reference = fields.CharField(max_length=35, default='')  # a structured creditor reference, like RF18...
    booking_ref = fields.CharField(max_length=100, default='')
    status = fields.CharField(max_length=10, default='open')
    suggested_id = fields.IntField(null=True)  # the invoice the matching suggests
    basis = fields.CharField(max_length=20, default='')  # reference | number | amount_name
    document_id = fields.IntField(null=True)  # the invoice the confirmed payment went to first
    payment_id = fields.IntField(null=True)
    note = fields.TextField(default='')  # why it was skipped
    handled_at = fields.DatetimeField(null=True)
    handled_by_id = fields.IntField(null=True)

    class Meta:
        table = 'bank_line'
        indexes = (('status', 'booked_on'),)


class CsvMapping(Model):
    """Which CSV column holds what, chosen once by staff and used again for the next file from the same bank."""
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100, unique=True)
    columns: fields.JSONField[dict[str, str]] = fields.JSONField(default=dict)  # field -> header: date, amount, currency, payer, remittance, ...
    delimiter = fields.CharField(max_length=1, default=',')
    decimal_comma = fields.BooleanField(default=False)
    date_format = fields.CharField(max_length=20, default='%Y-%m-%d')
    account = fields.CharField(max_length=70, default='')  # the account the file is for, part of each line's key

    class Meta:
        table = 'csv_mapping'
