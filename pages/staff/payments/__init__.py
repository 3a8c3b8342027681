"""Staff screens for payments: the list of every payment (payments) and recording an offline payment split across
invoices (record_payment), and bank statements matched to invoices (bank_statements)."""
