"""The audit trail: the append-only record written by every use case that changes data (and by every sign-in),
in the transaction of the change. Read `trail.py` first (writing a row), then `actions.py` (what a row can say),
`reading.py` (the owner's page and the CSV) and `words.py` (a row's changes in words).

The table refuses UPDATE and DELETE by triggers (`triggers.py`, installed by the migration); nothing here edits or
deletes a row. Use cases write `await audit.record(actor, AuditAction.X, on=row, before=..., after=...)`.
"""
from domain.audit.actions import AuditAction
from domain.audit.actions import AuditAction as Action
from domain.audit.trail import SYSTEM, Who, account, person, record, snapshot, staff, typed_email

__all__ = ['SYSTEM', 'Action', 'AuditAction', 'Who', 'account', 'person', 'record', 'snapshot', 'staff', 'typed_email']
