"""What clients did: the activity rows behind the staff bell and dashboard (log), and the emails that tell
the business (mail). Documents and payments record activity inside their own transactions, so this area reads none
of theirs. Read log.py first."""
