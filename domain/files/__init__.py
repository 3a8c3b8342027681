"""Files attached to estimates and invoices, both ways: what may be attached and by whom, downloads through the
documents' visibility rule (attachments), and deciding a file's type from its content (types). The bytes live behind
the storage interface in integrations/file_storage.py."""
