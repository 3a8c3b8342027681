"""Stored running balances: per contact and day what was invoiced and received, and per contact, kind and due day
what open invoices still owe, kept in the same transaction as every change that moves money.

Read `store.py` first: the use cases call `hold` before and `settle` after they change invoices, and
`payment_added` / `payment_removed` for payments. `rebuild.py` recomputes the figures from documents and payments
(the migration, seeds, `python -m commands.verify_balances [--repair]`). This area sits at the bottom: it imports
only the models, so documents, payments, statements and overview may all use it.
"""
