"""Bank statements matched to invoices: reading a statement (camt.py for CAMT.053, csv_import.py with a mapping)
into plain lines (lines.py), suggesting an invoice for each credit (matching.py, no I/O), and the staff's use cases
(statements.py: upload, review, confirm, change, skip; mappings.py: the CSV mappings)."""
