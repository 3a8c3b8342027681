"""The second factor of a sign-in: an authenticator-app secret, its recovery codes, and sign-ins waiting for a code."""
from tortoise import fields
from tortoise.models import Model

from domain.models.enums import SessionKind


class SecondFactor(Model):
    """The authenticator-app secret of one person or staff user, encrypted with a key derived from PORTAL_SECRET.

    Without `confirmed_at` it is a set-up not finished yet. `last_step` is the newest 30-second step whose code
    was accepted: a code of that step or an earlier one is refused, so a code works once, in every process.
    """
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SessionKind, max_length=10)
    person_id: int | None
    person: fields.OneToOneNullableRelation = fields.OneToOneField(
        'models.ContactPerson', related_name='second_factor', null=True, on_delete=fields.CASCADE)
    staff_id: int | None
    staff: fields.OneToOneNullableRelation = fields.OneToOneField(
        'models.StaffUser', related_name='second_factor', null=True, on_delete=fields.CASCADE)
    secret = fields.CharField(max_length=200)
    confirmed_at = fields.DatetimeField(null=True)
    last_step = fields.BigIntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'second_factor'


class RecoveryCode(Model):
    """A single-use recovery code: only a keyed SHA-256 of it is kept (the code itself has about 79 random bits)."""
    id = fields.IntField(primary_key=True)
    factor_id: int
    factor: fields.ForeignKeyRelation[SecondFactor] = fields.ForeignKeyField(
        'models.SecondFactor', related_name='recovery_codes', on_delete=fields.CASCADE)
    code_hash = fields.CharField(max_length=64, unique=True)
    used_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'recovery_code'
        indexes = (('factor_id',),)


class PendingSignIn(Model):
    """A sign-in whose password was right, waiting for its second step in the browser that typed it.

    Found by the hash of the browser id, never by anything in a URL. `step` is 'code' (enter a code), 'setup'
    (the business requires a second factor: set one up first) or 'ready' (set up, the session may start).
    """
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SessionKind, max_length=10)
    browser_hash = fields.CharField(max_length=64)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='pending_sign_ins', null=True, on_delete=fields.CASCADE)
    staff_id: int | None
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='pending_sign_ins', null=True, on_delete=fields.CASCADE)
    step = fields.CharField(max_length=10)
    created_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()

    class Meta:
        table = 'pending_sign_in'
        unique_together = (('kind', 'browser_hash'),)
        indexes = (('person_id',), ('staff_id',))
