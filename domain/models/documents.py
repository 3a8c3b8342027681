"""Estimates and invoices, their lines, and what clients and staff said and did about them."""
from tortoise import fields
from tortoise.models import Model

from domain.models.enums import ActivityKind, AuthorKind, DocumentKind, OnlinePaymentOption


class NumberSequence(Model):
    """The next number for a kind of document: bumped inside the transaction that uses it."""
    name = fields.CharField(max_length=20, primary_key=True)
    value = fields.BigIntField(default=0)

    class Meta:
        table = 'number_sequence'


class Document(Model):
    """An estimate, invoice or retainer invoice. Amounts are integer cents: totals are kept in step with the lines."""
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(DocumentKind, max_length=10)
    number = fields.CharField(max_length=20, unique=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='documents', on_delete=fields.RESTRICT)
    status = fields.CharField(max_length=20)
    reference = fields.CharField(max_length=100, default='')
    issue_date = fields.DateField()
    due_date = fields.DateField(null=True)
    expiry_date = fields.DateField(null=True)
    currency = fields.CharField(max_length=3, default='USD')
    notes = fields.TextField(default='')
    terms = fields.TextField(default='')
    subtotal = fields.BigIntField(default=0)
    tax_total = fields.BigIntField(default=0)
    total = fields.BigIntField(default=0)
    amount_paid = fields.BigIntField(default=0)
    online_payment = fields.CharEnumField(OnlinePaymentOption, max_length=10, default=OnlinePaymentOption.CARD)
    allow_partial_payments = fields.BooleanField(default=False)
    source_id: int | None
    source: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Document', related_name='derived', null=True, on_delete=fields.SET_NULL)
    decline_reason = fields.TextField(default='')
    sent_at = fields.DatetimeField(null=True)
    decided_at = fields.DatetimeField(null=True)
    first_viewed_at = fields.DatetimeField(null=True)
    last_viewed_at = fields.DatetimeField(null=True)
    payment_lock = fields.IntField(null=True)
    payment_lock_until = fields.DatetimeField(null=True)
    reminders_paused = fields.BooleanField(default=False, db_default=False)  # staff paused its payment reminders
    recurring_profile_id: int | None
    recurring_profile: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.RecurringProfile', related_name='invoices', null=True, on_delete=fields.SET_NULL)  # made by it
    # when the goods or services were delivered (EN 16931 needs one of the two): a day, or a period
    delivery_date = fields.DateField(null=True)
    period_start = fields.DateField(null=True)
    period_end = fields.DateField(null=True)
    # charged to the consented card when sent rather than on the due date (a recurring profile's choice)
    charge_when_sent = fields.BooleanField(default=False, db_default=False)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'document'
        indexes = (
            ('kind', 'status', 'due_date'),
            # one contact's documents in list order (date, then id), carrying what statements and dashboards sum,
            # so a client's pages read the index alone however many documents they have
            ('contact_id', 'kind', 'issue_date', 'id', 'status', 'total', 'amount_paid', 'due_date'),
            # what the dashboard charts sum, read from the index alone: open balances by age, and invoiced by month
            ('kind', 'status', 'currency', 'due_date', 'total', 'amount_paid'),
            ('kind', 'issue_date', 'status', 'currency', 'total'),  # also the lists by date (it was kind, issue_date)
        )

    @property
    def balance(self) -> int:
        return self.total - self.amount_paid


class DocumentLine(Model):
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation[Document] = fields.ForeignKeyField(
        'models.Document', related_name='lines', on_delete=fields.CASCADE)
    position = fields.IntField()
    name = fields.CharField(max_length=200)
    description = fields.TextField(default='')
    quantity = fields.DecimalField(max_digits=12, decimal_places=3)
    rate = fields.BigIntField()
    tax_percent = fields.DecimalField(max_digits=6, decimal_places=3, default=0)
    amount = fields.BigIntField()
    tax_amount = fields.BigIntField()
    # EN 16931: the VAT category (domain/einvoices/vat.py, '' for automatic: standard rated with a tax, else zero
    # rated), the reason for an exemption, and the unit of measure (a UN/ECE Recommendation 20 code)
    vat_category = fields.CharField(max_length=2, default='', db_default='')
    exemption_reason = fields.CharField(max_length=200, default='', db_default='')
    unit = fields.CharField(max_length=3, default='C62', db_default='C62')

    class Meta:
        table = 'document_line'
        indexes = (('document_id', 'position'),)
        ordering = ('position',)


class Comment(Model):
    """A comment on a document. Staff comments reach the portal only with `display_in_portal`."""
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation[Document] = fields.ForeignKeyField(
        'models.Document', related_name='comments', on_delete=fields.CASCADE)
    author_kind = fields.CharEnumField(AuthorKind, max_length=10)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='comments', null=True, on_delete=fields.SET_NULL)
    staff_id: int | None
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='comments', null=True, on_delete=fields.SET_NULL)
    author_name = fields.CharField(max_length=200)
    body = fields.TextField()
    display_in_portal = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'comment'
        indexes = (('document_id', 'created_at'),)
        ordering = ('created_at', 'id')


class Activity(Model):
    """Something a client did: feeds the staff notifications and activity emails."""
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(ActivityKind, max_length=12)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='activities', on_delete=fields.CASCADE)
    document_id: int | None
    document: fields.ForeignKeyNullableRelation[Document] = fields.ForeignKeyField(
        'models.Document', related_name='activities', null=True, on_delete=fields.CASCADE)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='activities', null=True, on_delete=fields.SET_NULL)
    detail = fields.TextField(default='')
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'activity'
        indexes = (('document_id', 'person_id', 'created_at'),)
