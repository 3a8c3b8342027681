"""Who may come in: signing in and out, sessions and lockout (auth), passwords and their rules (passwords),
portal access and invitations (portal, invitation), setting and resetting a password (account), staff users.
Read auth.py first."""
