"""Money coming in: balances (ledger), offline payments staff record (offline), card payments from the
portal (online) and recording their outcome once (recording), what Pay Now may offer (options), the card processor
port (gateway), its customers and saved cards, and the pure rules (rules); SEPA direct debit (sepa, sepa_offer: the
mandate and what Pay Now offers, debits: a refused debit and disputes); bank statements matched to invoices (bank/).
Read ledger.py, then online.py."""
