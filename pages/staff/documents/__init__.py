"""Staff screens for estimates and invoices: the lists (estimates, invoices), a document's page (estimate, invoice,
both drawn by document_page) and the editor that writes and changes drafts (document_editor)."""
