"""Recurring profiles on the pages: the list (staff, a contact's page, the portal) and the staff's profile form."""
