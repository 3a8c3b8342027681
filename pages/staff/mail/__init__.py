"""Staff screens for the outbox: Sent mail and one email with its links (mail), and an attachment as the PDF the
recipient got (mail_attachment)."""
