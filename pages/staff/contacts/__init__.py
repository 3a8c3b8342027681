"""Staff screens for contacts: the list with its bulk actions (contacts) and a contact's page with its people, their
portal access, statement and ageing (contact), and editing its details (contact_edit)."""
