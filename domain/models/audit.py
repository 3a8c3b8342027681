"""The audit trail's one table (see domain/audit/): append-only, refused UPDATE and DELETE by the database itself."""
from typing import Any

from tortoise import fields
from tortoise.models import Model


class AuditEntry(Model):
    """One change to the data, or one sign-in, as it happened: when, who (with their name as it was), from which
    network address, what (an `AuditAction`), on which contact, document or other target, and the fields before and
    after. The people, contacts and documents are plain numbers, not foreign keys: the trail outlives what it names,
    and a cascade or SET NULL would be an UPDATE or DELETE the triggers refuse."""
    id = fields.BigIntField(primary_key=True)
    at = fields.DatetimeField()
    actor_kind = fields.CharField(max_length=10)  # staff | client | system | anonymous
    staff_id = fields.IntField(null=True)
    person_id = fields.IntField(null=True)
    actor_name = fields.CharField(max_length=200, default='')
    ip = fields.CharField(max_length=45, default='')
    action = fields.CharField(max_length=40)
    contact_id = fields.IntField(null=True)
    document_id = fields.IntField(null=True)
    target_kind = fields.CharField(max_length=20, default='')
    target_id = fields.IntField(null=True)
    target_label = fields.CharField(max_length=200, default='')
    changes: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    note = fields.TextField(default='')

    class Meta:
        table = 'audit_entry'
        indexes = (('at', 'id'), ('document_id', 'at'), ('contact_id', 'at'), ('staff_id', 'at'),
                   ('person_id', 'at'), ('action', 'at'), ('target_id', 'target_kind'))
