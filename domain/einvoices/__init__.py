"""E-invoices the law accepts (EN 16931): what the business, its contacts, documents and lines must say
(vat.py, units.py, identifiers.py), the invoice as plain data (model.py, built from the database by assemble.py),
the formats and how they are checked (port.py, implemented by integrations/einvoice), the checks' findings in words
next to the field to fix (findings.py), and bank transfer with an RF creditor reference and an EPC QR code
(transfer.py). Read model.py first.
"""
