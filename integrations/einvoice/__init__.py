"""E-invoice formats, implementing `domain.einvoices.port`: CII XML with drafthorse (cii.py: the Factur-X EN 16931
profile inside every invoice PDF, and XRechnung), Peppol BIS Billing 3.0 UBL with lxml (ubl.py), the schema and
the official Schematron rules run locally with saxonche (checks.py, over the compiled XSLT in rules/), and the
Factur-X PDF/A-3 the XML goes into (embed.py). Read checks.py first.
"""
