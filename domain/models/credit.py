"""Credit and refunds: credit applied to invoices, and money paid back to a contact.

A contact's credit in a currency is what its open credit notes have not used yet (total - amount_paid, where a
credit note's amount_paid is what was applied or refunded of it) plus the unapplied part of its payments
(`Payment.unapplied`). Applying credit moves money from those to invoices and changes no balance. A refund pays
money back: it adds to what the contact owes, and takes from a payment (its unapplied part first, then what it
paid of invoices, which owe it again) or from a credit note.
"""
from typing import TypedDict

from tortoise import fields
from tortoise.models import Model

from domain.models.enums import PaymentMode


class CreditApplication(Model):
    """Credit used to pay an invoice, taken from a credit note or from the unapplied part of a payment."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='credit_applications', on_delete=fields.RESTRICT)
    invoice_id: int
    invoice: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='credit_received', on_delete=fields.RESTRICT)
    credit_note_id: int | None
    credit_note: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Document', related_name='credit_given', null=True, on_delete=fields.RESTRICT)
    payment_id: int | None
    payment: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Payment', related_name='credit_given', null=True, on_delete=fields.RESTRICT)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    date = fields.DateField()
    applied_by_id: int | None
    applied_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='credit_applied', null=True, on_delete=fields.SET_NULL)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='credit_applied', null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'credit_application'
        indexes = (('contact_id', 'date', 'id'), ('invoice_id',), ('credit_note_id',), ('payment_id',))


class TakenBack(TypedDict):
    """What a refund took back from one invoice a payment had paid."""
    document_id: int
    amount: int


class Refund(Model):
    """Money paid back to a contact: of a card payment through the processor (`gateway_refund_id`, recorded once),
    or of credit paid back by bank or cash. `taken_back` lists the invoices that owe again because of it."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='refunds', on_delete=fields.RESTRICT)
    payment_id: int | None
    payment: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Payment', related_name='refunds', null=True, on_delete=fields.RESTRICT)
    credit_note_id: int | None
    credit_note: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Document', related_name='refunds', null=True, on_delete=fields.RESTRICT)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    date = fields.DateField()
    mode = fields.CharEnumField(PaymentMode, max_length=20)
    reference = fields.CharField(max_length=100, default='')
    notes = fields.TextField(default='')
    gateway_refund_id = fields.CharField(max_length=100, unique=True, null=True)
    taken_back: fields.JSONField[list[TakenBack]] = fields.JSONField(default=list)
    recorded_by_id: int | None
    recorded_by: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='refunds_recorded', null=True, on_delete=fields.SET_NULL)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'refund'
        indexes = (('contact_id', 'date', 'id', 'amount'), ('payment_id',))
