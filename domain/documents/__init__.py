"""Estimates and invoices: pure totals and transitions (rules), drafts as typed, writing and numbering,
read models (views), the staff use cases (estimates, invoices, staff), the portal side (portal), lists, who may read
which document (access) and forwarding. Read rules.py, then views.py."""
