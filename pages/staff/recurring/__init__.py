"""Staff: recurring profiles (the list, one profile with the invoices it made, the form to start or change one)."""
