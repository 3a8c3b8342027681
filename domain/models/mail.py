"""The mail outbox: every email is a row written in the same transaction as the change that caused it."""
from typing import Any

from tortoise import fields
from tortoise.models import Model

from domain.models.enums import MailStatus


class OutgoingMail(Model):
    """`attachments` lists what to attach, e.g. [{'document_id': 12}], rendered when the mail is sent."""
    id = fields.IntField(primary_key=True)
    kind = fields.CharField(max_length=30)
    to_address = fields.CharField(max_length=254)
    to_name = fields.CharField(max_length=200, default='')
    subject = fields.CharField(max_length=250)
    text_body = fields.TextField()
    html_body = fields.TextField()
    attachments: fields.JSONField[list[dict[str, Any]]] = fields.JSONField(default=list)
    contact_id: int | None
    contact: fields.ForeignKeyNullableRelation = fields.ForeignKeyField(
        'models.Contact', related_name='mails', null=True, on_delete=fields.SET_NULL)
    status = fields.CharEnumField(MailStatus, max_length=10, default=MailStatus.PENDING)
    attempts = fields.IntField(default=0)
    next_attempt_at = fields.DatetimeField(null=True)
    claimed_until = fields.DatetimeField(null=True)
    last_error = fields.TextField(default='')
    created_at = fields.DatetimeField(auto_now_add=True)
    sent_at = fields.DatetimeField(null=True)

    class Meta:
        table = 'outgoing_mail'
        indexes = (('contact_id', 'created_at'), ('status', 'next_attempt_at'),)
