"""Statements of accounts: the pure period, running balance and ageing (rules), the statement a
contact reads (statement), how a line reads (text) and who may have which statement (access)."""
