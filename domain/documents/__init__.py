"""Estimates and invoices: pure rules (rules/: typed input, totals, statuses and transitions, allocation), the
ageing buckets (ageing, one table), drafts as typed, writing and numbering, read models (views), the staff use cases
(estimates, invoices, staff), sending one by email (sending), accepting an estimate (acceptance, signature),
the portal side (portal), lists, who may see which document (visibility, access) and
forwarding. Each rule that picks documents is a condition declared once (domain/models/sql.py's `where`) and read
as SQL, as an ORM filter and in Python. Read rules/status.py, then views.py."""
