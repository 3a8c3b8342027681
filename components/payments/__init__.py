"""Paying by card in the portal: the Pay Now button and dialog, what is paid (selection), the card
fields (card_field, card_form) and My Account's saved cards."""
