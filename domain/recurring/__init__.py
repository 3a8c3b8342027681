"""Recurring invoices: a profile (a contact's invoice to make again every week, month, quarter and so on) and the
invoices it makes. rules.py holds the pure rules (the periods, a month's last day, when a profile ends, the period
placeholders in line texts); drafts.py checks what staff type (the invoice part with the invoice editor's own rules);
views.py is what the pages read; profiles.py the staff use cases (start one from scratch or from an invoice, edit,
pause, resume, list); making.py what the scheduler's job "Make recurring invoices" finds and does, one invoice per
profile and period; portal.py what a client sees of their company's profiles, and the rule that decides it. It sits
above documents, activity and mail, and below jobs. Read rules.py, then making.py.
"""
