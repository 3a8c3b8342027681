"""Money coming in: balances (ledger), offline payments staff record (offline), card payments from the
portal (online) and recording their outcome once (recording), what Pay Now may offer (options), the card processor
port (gateway), its customers and saved cards, and the pure rules (rules). Read ledger.py, then online.py."""
