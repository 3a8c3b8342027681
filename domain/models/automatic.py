"""Automatic payment: a client person's consent to charge a saved card or debit a saved SEPA mandate, and each
attempt to charge an invoice under it (see domain/payments/automatic/)."""
from tortoise import fields
from tortoise.models import Model


class PaymentConsent(Model):
    """A client person's consent to have their company's invoices charged to one saved card, or debited from one
    saved SEPA mandate (EUR invoices only), by themselves, kept as evidence: who, when, which card or mandate (its
    reference), the exact words shown and agreed to (in the language shown), the network address and browser, and
    when and why it ended. `card_label` is what the person saw of either. `active_contact_id` holds the contact while the consent is
    active and is emptied when it ends, so the database keeps one active consent per contact."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='payment_consents', on_delete=fields.CASCADE)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='payment_consents', null=True, on_delete=fields.SET_NULL)
    person_name = fields.CharField(max_length=200)
    person_email = fields.CharField(max_length=254, default='')
    card_id: int | None
    card: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.SavedCard', related_name='consents', null=True, on_delete=fields.SET_NULL)
    mandate_id: int | None
    mandate: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.SepaMandate', related_name='consents', null=True, on_delete=fields.SET_NULL)
    mandate_reference = fields.CharField(max_length=35, default='')
    payment_method_id = fields.CharField(max_length=100)
    card_label = fields.CharField(max_length=60)
    words = fields.TextField()
    language = fields.CharField(max_length=10, default='en')
    ip = fields.CharField(max_length=45, default='')
    user_agent = fields.CharField(max_length=300, default='')
    granted_at = fields.DatetimeField()
    ended_at = fields.DatetimeField(null=True)
    ended_by = fields.CharField(max_length=200, default='')  # who turned it off, or empty when the card or mandate went
    active_contact_id = fields.IntField(null=True, unique=True)

    class Meta:
        table = 'payment_consent'
        indexes = (('contact_id', 'granted_at'),)


class AutomaticCharge(Model):
    """One attempt to charge an invoice by itself under a consent, unique per invoice and attempt number.
    status: charging, paid, declined (tried again later), stopped (a hard decline), needs_action (the bank asks
    the client to authenticate), unavailable (the processor could not be reached) or processing."""
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='automatic_charges', on_delete=fields.CASCADE)
    contact_id: int
    contact: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Contact', related_name='automatic_charges', on_delete=fields.CASCADE)
    attempt = fields.IntField()
    consent_id: int | None
    consent: fields.ForeignKeyNullableRelation[PaymentConsent] = fields.ForeignKeyField(
        'models.PaymentConsent', related_name='charges', null=True, on_delete=fields.SET_NULL)
    online_payment_id: int | None
    online_payment: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.OnlinePayment', related_name='automatic_charges', null=True, on_delete=fields.SET_NULL)
    amount = fields.BigIntField()
    currency = fields.CharField(max_length=3)
    card_label = fields.CharField(max_length=60, default='')
    status = fields.CharField(max_length=20, default='charging')
    decline_code = fields.CharField(max_length=60, default='')
    message = fields.TextField(default='')
    attempted_on = fields.DateField()
    attempted_at = fields.DatetimeField()

    class Meta:
        table = 'automatic_charge'
        unique_together = (('document', 'attempt'),)
