"""Signing in: the sign-in card, the new-password fields, and the second step (authenticator codes, QR code,
recovery codes) on both sides."""
