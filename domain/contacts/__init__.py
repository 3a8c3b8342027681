"""The client companies (companies) and their people (persons), what a portal user keeps up to date
themselves (my_details: My Account and My Company Details), and the countries of billing addresses.
Read companies.py first."""
