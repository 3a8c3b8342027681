"""Email: composing messages into the outbox inside the caller's transaction (compose), and reading and
keeping the books of the outbox (outbox). Delivery itself is integrations/mail_sender.py."""
