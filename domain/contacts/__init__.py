"""The client companies (companies) and their people (persons), what a portal user keeps up to date
themselves (my_details: My Account and My Company Details), and erasing a person's personal data on
request (erasure).
Read companies.py first."""
