"""Paying in the portal: the Pay Now button and dialog, what is paid (selection), the card fields (card_field,
card_form), a SEPA debit with its mandate (debit_form), My Account's saved cards; and the staff's bank statement
upload field (statement_upload)."""
