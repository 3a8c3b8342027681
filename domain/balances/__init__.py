"""Stored running balances: per contact and day what was invoiced (less credit notes) and received (less refunds),
and per contact, kind and due day what open invoices still owe, kept in the same transaction as every change that
moves money. The ledger they follow: balance = invoiced - paid - credited + refunded.

Read `store.py` first: the use cases call `hold` before and `settle` after they change invoices, and
`payment_added` / `payment_removed` for payments, `refund_added` and `credit_applied` (a statement line that moves
nothing) for refunds and credit applied. `rebuild.py` recomputes the figures from documents and payments
(the migration, seeds, `python -m commands.verify_balances [--repair]`). This area sits at the bottom: it imports
only the models, so documents, payments, statements and overview may all use it.
"""
