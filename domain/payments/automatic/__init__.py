"""Automatic card payment with the client's consent: the consent itself, given and ended only by a client person
in My Account (consent.py; staff see it and may ask for it), the scheduled charge of each due invoice through the
card processor with its retries (charging.py, the rules in rules.py, the emails in notices.py), what staff see of
the attempts (history.py), and the emails and notice about saved cards about to expire (expiring.py). Read
rules.py, then charging.py."""
