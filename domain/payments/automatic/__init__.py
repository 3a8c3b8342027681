"""Automatic payment with the client's consent: the consent itself, given and ended only by a client person in My
Account (consent.py, with the saved card or SEPA mandate it names: methods.py; staff see it and may ask for it),
the scheduled charge of each due invoice (which are due: due.py; the charge through the card processor or the
debit under the mandate, with its retries: charging.py; the rules in rules.py; how an attempt ended, also when the
bank's webhook says so: outcomes.py; the emails in notices.py), what staff see of the attempts (history.py), and
the emails and notice about saved cards about to expire (expiring.py). Read rules.py, then due.py and charging.py."""
