"""Who may come in: signing in with a password (signing, the top of this area), sessions and lockout (auth),
two-step sign-in (second_factor, second_step, second_factor_codes, second_factor_reset), passwords and their rules
(passwords), portal access and invitations (portal, invitation), setting and resetting a password (account), staff
users. Imports run one way: signing -> second_step -> second_factor -> auth. Read auth.py first."""
