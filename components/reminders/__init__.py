"""Payment reminders on screen: the schedule's card in Portal settings, an invoice's reminders on both sides (the
staff's with Pause and Waive), and the switch on a contact's page. Read schedule_card.py first."""
