"""The client companies (companies) and their people (persons), what a portal user keeps up to date
themselves (my_details: My Account and My Company Details).
Read companies.py first."""
