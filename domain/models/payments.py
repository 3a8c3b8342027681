"""Money received: payments and how they are split across invoices, and online card payments in flight."""
from typing import TypedDict

from tortoise import fields
from tortoise.models import Model

from domain.models.enums import OnlinePaymentStatus, PaymentMode


class Payment(Model):
    """Money received from a contact. An online payment is recorded once per gateway payment id."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='payments', on_delete=fields.RESTRICT)
    date = fields.DateField()
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3, default='USD')
    mode = fields.CharEnumField(PaymentMode, max_length=20)
    reference = fields.CharField(max_length=100, default='')
    notes = fields.TextField(default='')
    gateway_payment_id = fields.CharField(max_length=100, unique=True, null=True)
    unapplied = fields.BigIntField(default=0, db_default=0)  # not applied to any invoice nor refunded: credit
    refunded = fields.BigIntField(default=0, db_default=0)  # paid back (domain/models/credit.py)
    recorded_by_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='payments_recorded', null=True, on_delete=fields.SET_NULL)
    paid_by_id: int | None
    paid_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='payments_made', null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'payment'
        indexes = (('contact_id', 'date', 'id', 'amount'),  # a contact's payments in order, with what is summed
                   ('date', 'currency', 'amount'),  # received per month and currency, for the dashboard chart
                   ('contact_id', 'unapplied'))  # a contact's credit: the few payments with something unapplied


class PaymentAllocation(Model):
    id = fields.IntField(primary_key=True)
    payment_id: int
    payment: fields.ForeignKeyRelation[Payment] = fields.ForeignKeyField(
        'models.Payment', related_name='allocations', on_delete=fields.CASCADE)
    document_id: int
    document: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='allocations', on_delete=fields.RESTRICT)
    amount = fields.BigIntField()

    class Meta:
        table = 'payment_allocation'
        indexes = (('document_id',),)
        unique_together = (('payment', 'document'),)


class PlannedAllocation(TypedDict):
    """What a card payment is to pay of one invoice, kept until the payment is recorded."""
    document_id: int
    amount: int


class OnlinePayment(Model):
    """A card payment started in the portal: `allocations` is [{'document_id': int, 'amount': int}, ...]."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='online_payments', on_delete=fields.RESTRICT)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='online_payments', null=True, on_delete=fields.SET_NULL)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3, default='USD')
    allocations: fields.JSONField[list[PlannedAllocation]] = fields.JSONField(default=list)
    status = fields.CharEnumField(OnlinePaymentStatus, max_length=20, default=OnlinePaymentStatus.PENDING)
    payment_intent_id = fields.CharField(max_length=100, unique=True, null=True)
    payment_method_id = fields.CharField(max_length=100, default='')
    failure_message = fields.TextField(default='')
    payment_id: int | None
    payment: fields.ForeignKeyNullableRelation[Payment] = fields.ForeignKeyField(
        'models.Payment', related_name='online_payment', null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'online_payment'
        indexes = (('contact_id', 'status'),)


class GatewayEvent(Model):
    """A webhook event id from the payment gateway, stored once so a repeated delivery is ignored."""
    id = fields.CharField(max_length=100, primary_key=True)
    type = fields.CharField(max_length=100)
    received_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'gateway_event'


class SavedCard(Model):
    """A card a person saved at the gateway: only its id and what is shown of it are kept here."""
    id = fields.IntField(primary_key=True)
    person_id: int
    person: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='saved_cards', on_delete=fields.CASCADE)
    payment_method_id = fields.CharField(max_length=100, unique=True)
    brand = fields.CharField(max_length=20)
    last4 = fields.CharField(max_length=4)
    exp_month = fields.IntField()
    exp_year = fields.IntField()
    is_default = fields.BooleanField(default=False)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'saved_card'
        indexes = (('person_id',),)


class SepaMandate(Model):
    """A client's SEPA direct debit mandate, as accepted in the portal: who, when, from where, the words shown."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='sepa_mandates', on_delete=fields.RESTRICT)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='sepa_mandates', null=True, on_delete=fields.SET_NULL)
    payment_method_id = fields.CharField(max_length=100, unique=True)
    reference = fields.CharField(max_length=35, unique=True)  # the mandate reference the creditor gives it
    account_holder = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254)
    iban_last4 = fields.CharField(max_length=4)
    accepted_at = fields.DatetimeField()
    ip = fields.CharField(max_length=45, default='')
    user_agent = fields.CharField(max_length=300, default='')
    text_shown = fields.TextField()
    saved = fields.BooleanField(default=False)  # offered again for later payments
    revoked = fields.BooleanField(default=False)

    class Meta:
        table = 'sepa_mandate'
        indexes = (('contact_id', 'saved'),)
