"""Payment reminders and late fees. The business sets a schedule in Portal settings (levels of days before or after
the due date, each with its email in every portal language and its late fee); the scheduler's job "Send payment
reminders" (domain/jobs/catalogue.py) reminds each open invoice once per level, the contact persons who receive
invoices each in their language, and adds a level's late fee as a separate invoice in the same transaction.

rules.py holds the pure rules (which level is due, placeholders, a fee's amount); schedule.py the settings' use
cases and the default texts; sending.py what the job finds and does; fees.py the late-fee invoice and waiving it;
history.py what both sides see of an invoice's reminders and the staff's switches (a contact, an invoice). It sits
above documents, payments, balances and mail, and below jobs. Read rules.py, then sending.py.
"""
