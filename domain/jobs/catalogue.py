"""Every job the scheduler runs, declared once. Adding one is a `Job(...)` in `JOBS`: a name that never changes, the
texts staff read, how often it runs, and two functions of the area whose work it is (which units are due at a
moment, however long ago they became due; and doing one of them). The runner (runner.py) does the rest: the claims,
one transaction per unit, the run log, the live update.

The units' keys say what must never happen twice: an estimate and the expiry date it passed (expiring it again is
only right after it was given a new date and sent again); for reminders, an invoice and a level (its day); for
recurring invoices, a profile and a period; for statements by email, a contact and the period's first day; for
backups, the moment of the run (each run takes one); for automatic payments, an invoice and the attempt's number.
A job whose units stay due after they are done (a statement stays the latest one until the next period ends) leaves
out the keys claimed already (`already_done`), so a run counts only what it found still to do.
"""
from __future__ import annotations

from collections.abc import Sequence
from datetime import time
from typing import cast

from domain.documents import estimates
from domain.events import Event
from domain.formats import N_
from domain.jobs import backups
from domain.jobs.rules import Job, Moment, Unit, daily, hourly
from domain.models import JobUnit
from domain.payments.automatic import charging, due, expiring
from domain.recurring import making as recurring
from domain.reminders import sending as reminders
from domain.statements import emailed

EXPIRE_ESTIMATES = 'expire_estimates'
SEND_REMINDERS = 'send_reminders'
EMAIL_STATEMENTS = 'email_statements'
MAKE_RECURRING_INVOICES = 'make_recurring_invoices'
BACKUP = 'backup'
CHARGE_AUTOMATICALLY = 'charge_automatically'
WARN_EXPIRING_CARDS = 'warn_expiring_cards'


async def already_done(job: str, keys: list[str], chunk: int = 500) -> set[str]:
    """Which of `keys` the job has claimed (done) already."""
    done: set[str] = set()
    for first in range(0, len(keys), chunk):
        done.update(cast(list[str], await JobUnit.filter(job=job, key__in=keys[first:first + chunk])
                         .values_list('key', flat=True)))
    return done


async def _estimates_due_to_expire(moment: Moment) -> list[Unit]:
    return [Unit(f'{due.id}:{due.expiry_date.isoformat()}', due.number, due.id)
            for due in await estimates.due_to_expire_on(moment.today)]


async def _expire_estimate(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await estimates.expire_estimate(unit.ref, moment.today)


async def _statements_due(moment: Moment) -> list[Unit]:
    due = await emailed.due_statements(moment.today)
    sent = await already_done(EMAIL_STATEMENTS, [statement.key for statement in due])
    return [Unit(statement.key, statement.contact_name, statement) for statement in due if statement.key not in sent]


async def _email_statement(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    due: emailed.DueStatement = unit.ref
    return await emailed.email_statement(due.contact_id, due.start, due.end, moment.today)


async def _reminders_due(moment: Moment) -> list[Unit]:
    return [Unit(f'{due.invoice_id}:{due.days}', due.number, due) for due in await reminders.due_reminders(moment.today)]


async def _send_reminder(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await reminders.send_reminder(unit.ref, moment.today, moment.now)


async def _periods_due(moment: Moment) -> list[Unit]:
    return [Unit(due.key, due.label, due) for due in await recurring.due_periods(moment.today)]


async def _make_recurring_invoice(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await recurring.make_invoice(unit.ref, moment.today)


async def _charges_due(moment: Moment) -> list[Unit]:
    return [Unit(f'{due.invoice_id}:{due.attempt}', due.number, due) for due in await due.due_charges(moment.today, moment.now)]


async def _claim_charge(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await charging.claim_charge(unit.ref, moment.today, moment.now)


async def _charge(unit: Unit, moment: Moment) -> Sequence[Event]:
    return await charging.charge(unit.ref)


async def _cards_expiring(moment: Moment) -> list[Unit]:
    due = await expiring.cards_expiring(moment.today)
    warned = await already_done(WARN_EXPIRING_CARDS, [card.key for card in due])
    return [Unit(card.key, card.label, card) for card in due if card.key not in warned]


async def _warn_of_expiry(unit: Unit, moment: Moment) -> Sequence[Event] | None:
    return await expiring.warn_of_expiry(unit.ref, moment.today)


JOBS: dict[str, Job] = {job.name: job for job in (
    Job(EXPIRE_ESTIMATES, N_('Expire estimates'),
        N_('A sent estimate whose expiry date has passed becomes expired: the client can no longer accept it, and '
           'the activity says so.'),
        hourly(), _estimates_due_to_expire, _expire_estimate),
    Job(SEND_REMINDERS, N_('Send payment reminders'),
        N_('Each open invoice gets a reminder at each level of the schedule in Portal settings, once, with the '
           "level's late fee when late fees are on; after days without a run only the latest level due is sent."),
        daily(time(8)), _reminders_due, _send_reminder, mail_kind='reminder'),
    Job(EMAIL_STATEMENTS, N_('Email statements'),
        N_('On the first day of each month or quarter, the contacts set to receive statements by email get the '
           'statement of the period just ended, with its PDF, each person in their own language.'),
        daily(time(6)), _statements_due, _email_statement, mail_kind=emailed.MAIL_KIND),
    Job(MAKE_RECURRING_INVOICES, N_('Make recurring invoices'),
        N_('Each active recurring profile makes one invoice per period, on its date, and sends it or keeps it as a '
           'draft as the profile says; after days without a run, each missed period is made with its own dates.'),
        daily(time(7)), _periods_due, _make_recurring_invoice),
    Job(BACKUP, N_('Back up'),
        N_('Every night a backup of the database and the attached files goes into the backup folder; the last 7 '
           'days, 4 weeks and 12 months are kept. Run now takes one at once.'),
        daily(time(2)), backups.due, backups.take, in_transaction=False),
    Job(CHARGE_AUTOMATICALLY, N_('Charge invoices automatically'),
        N_('Each open invoice of a contact who turned on automatic payment is charged to the chosen card, or '
           'debited from the chosen bank account when it is in euros, on its due date (or when sent, if the invoice '
           'says so), once per attempt; a declined card or returned debit is tried again 1, 3 and 7 days later, '
           'never after a final refusal, and the client is emailed each time.'),
        hourly(), _charges_due, _claim_charge, mail_kind='automatic_payment_declined', after=_charge),
    Job(WARN_EXPIRING_CARDS, N_('Warn of expiring cards'),
        N_('A month before a saved card expires, the person who saved it gets one email with a link to add the new '
           'card; automatic payment moves to it only when they choose it.'),
        daily(time(7)), _cards_expiring, _warn_of_expiry, mail_kind='card_expiring'),
)}
