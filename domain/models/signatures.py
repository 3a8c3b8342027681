"""What a client agreed to and what both sides attached to a document."""
from tortoise import fields
from tortoise.models import Model

from domain.models.enums import AuthorKind


class EstimateAcceptance(Model):
    """A client's acceptance of an estimate, kept as evidence: who, when, from where, their signature, and a
    SHA-256 of the estimate's content exactly as they accepted it.

    Staff who mark an estimate accepted on the client's behalf (after a phone call) leave one too: `staff_name` is
    then set, with the reason they gave, and the client's fields are empty."""
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='acceptances', on_delete=fields.CASCADE)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='acceptances', null=True, on_delete=fields.SET_NULL)
    person_name = fields.CharField(max_length=200)
    person_email = fields.CharField(max_length=254, default='')
    typed_name = fields.CharField(max_length=200)
    accepted_at = fields.DatetimeField()
    ip = fields.CharField(max_length=45, default='')
    user_agent = fields.CharField(max_length=300, default='')
    signature_png = fields.BinaryField(null=True)
    signature_kind = fields.CharField(max_length=10, default='')  # drawn, typed, or empty when none was asked
    content_sha256 = fields.CharField(max_length=64)
    staff_id: int | None
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='acceptances', null=True, on_delete=fields.SET_NULL)
    staff_name = fields.CharField(max_length=200, default='', db_default='')  # who marked it, kept if they leave
    reason = fields.TextField(default='', db_default='')  # why staff marked it accepted

    class Meta:
        table = 'estimate_acceptance'
        indexes = (('document_id', 'accepted_at'),)


class Attachment(Model):
    """A file on an estimate or invoice. The bytes live in the file storage under `storage_key`, chosen by the
    server; `file_name` is only what the uploader called it."""
    id = fields.IntField(primary_key=True)
    document_id: int
    document: fields.ForeignKeyRelation = fields.ForeignKeyField(
        'models.Document', related_name='attachments', on_delete=fields.CASCADE)
    storage_key = fields.CharField(max_length=100, unique=True)
    file_name = fields.CharField(max_length=200)
    content_type = fields.CharField(max_length=100)
    size = fields.IntField()
    show_in_portal = fields.BooleanField(default=False)
    send_with_email = fields.BooleanField(default=False)
    uploaded_by = fields.CharEnumField(AuthorKind, max_length=10)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.ContactPerson', related_name='attachments', null=True, on_delete=fields.SET_NULL)
    staff_id: int | None
    staff: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.StaffUser', related_name='attachments', null=True, on_delete=fields.SET_NULL)
    uploader_name = fields.CharField(max_length=200)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'attachment'
        indexes = (('document_id', 'created_at'),)
        ordering = ('created_at', 'id')
