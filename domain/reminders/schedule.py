"""The payment reminder schedule in Portal settings: reading it (until staff first save one, reminders are off and
the default levels are shown: 3 days before the due date, on it, and 7, 14 and 30 days after), checking what staff
typed, and saving it whole or not at all."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from tortoise.transactions import in_transaction

from domain import audit, form_input, sessions
from domain.actors import StaffActor
from domain.documents.rules.typed import parse_money
from domain.events import Event, EventKind, publish
from domain.formats import LANGUAGES, N_, _, parse_number, plain_amount, plain_number, reading
from domain.models import Business, ReminderSchedule
from domain.reminders.rules import (
    DEFAULT_DAYS,
    FEE_KINDS,
    MAX_DAYS,
    MAX_LEVELS,
    MAX_MESSAGE,
    MAX_SUBJECT,
    MIN_DAYS,
    PLACEHOLDERS,
    Fee,
    Level,
    Schedule,
    Text,
    level_from_json,
    level_to_json,
    placeholder_problem,
)

# the default email of a level before, on and after the due date (each language's from the catalogs)
DEFAULT_TEXTS = {
    'before': (N_('Invoice {number} is due on {due_date}'),
               N_('This is a friendly reminder that invoice {number} is due on {due_date}. The amount due is '
                  '{amount_due}.\n\nYou can see it and pay it in the client portal: {link}')),
    'on': (N_('Invoice {number} is due today'),
           N_('Invoice {number} is due today, {due_date}. The amount due is {amount_due}.\n\nYou can see it and pay '
              'it in the client portal: {link}')),
    'after': (N_('Invoice {number} is overdue'),
              N_('Invoice {number} was due on {due_date} and is {days_overdue} days overdue. The amount still due '
                 'is {amount_due}.\n\nPlease pay it soon in the client portal: {link}\n\nIf you have paid it '
                 'already, thank you, and please ignore this reminder.')),
}


def default_text(days: int, language: str) -> Text:
    subject, message = DEFAULT_TEXTS['before' if days < 0 else 'on' if days == 0 else 'after']
    with reading(language):
        return Text(_(subject), _(message))


def default_level(days: int) -> Level:
    return Level(days, {language: default_text(days, language) for language in LANGUAGES})


async def current_schedule() -> Schedule:
    """The schedule as saved, or the default one (reminders off) until staff save one. No actor: the job reads it."""
    row = await ReminderSchedule.first()
    if row is None:
        return Schedule(False, False, tuple(default_level(days) for days in DEFAULT_DAYS))
    return Schedule(row.reminders_on, row.late_fees_on,
                    tuple(sorted((level_from_json(stored) for stored in row.levels), key=lambda level: level.days)))


@dataclass
class LevelForm:
    """One level as staff type it: every value a text, as the fields hold it."""
    days: str = '0'
    subjects: dict[str, str] = field(default_factory=dict)  # per language
    messages: dict[str, str] = field(default_factory=dict)
    fee_kind: str = 'none'  # none | flat | percent
    fee_amount: str = ''  # flat, in the business's currency
    fee_percent: str = ''
    fee_cap: str = ''  # empty: no cap


@dataclass
class ScheduleForm:
    reminders_on: bool = False
    late_fees_on: bool = False
    levels: list[LevelForm] = field(default_factory=list)


@dataclass(frozen=True)
class ScheduleView:
    form: ScheduleForm
    currency: str  # the business's: flat fees and caps are typed in it
    placeholders: tuple[str, ...] = PLACEHOLDERS


def level_form(level: Level, currency: str) -> LevelForm:
    """A level as the form shows it, its numbers as the reader writes them."""
    fee = level.fee
    return LevelForm(
        days=str(level.days),
        subjects={language: (level.texts.get(language) or default_text(level.days, language)).subject
                  for language in LANGUAGES},
        messages={language: (level.texts.get(language) or default_text(level.days, language)).message
                  for language in LANGUAGES},
        fee_kind=fee.kind, fee_amount=plain_amount(fee.amount, currency) if fee.kind == 'flat' else '',
        fee_percent=plain_number(fee.percent) if fee.kind == 'percent' else '',
        fee_cap=plain_amount(fee.cap, currency) if fee.kind == 'percent' and fee.cap else '')


def new_level_form(days: int) -> LevelForm:
    """A level staff add: the default texts for a level after the due date."""
    return level_form(default_level(days), 'USD')


async def _currency() -> str:
    found = await Business.all().limit(1).values_list('currency', flat=True)
    return str(found[0]) if found else 'USD'


async def get_schedule(actor: StaffActor) -> ScheduleView:
    await sessions.check(actor)
    schedule, currency = await current_schedule(), await _currency()
    return ScheduleView(ScheduleForm(schedule.reminders_on, schedule.late_fees_on,
                                     [level_form(level, currency) for level in schedule.levels]), currency)


def _days(text: str) -> int:
    cleaned = (text or '').strip().replace('\u2212', '-')
    if not cleaned.lstrip('+-').isdigit() or len(cleaned) > 6:
        raise ValueError(_('Enter a whole number of days: negative before the due date, 0 on it.'))
    days = int(cleaned)
    if not MIN_DAYS <= days <= MAX_DAYS:
        raise ValueError(_('Enter a number of days from {first} (before the due date) to {last}.').format(
            first=MIN_DAYS, last=MAX_DAYS))
    return days


def _text(value: str, *, limit: int, required: str, multiline: bool = False) -> str:
    cleaned = form_input.text(value, limit=limit, required=required, multiline=multiline)
    problem = placeholder_problem(cleaned)
    if problem is not None:
        message, placeholder = problem
        raise ValueError(_(message).format(placeholder=placeholder, known=', '.join(
            '{' + name + '}' for name in PLACEHOLDERS), number='{number}'))
    return cleaned


def _percent(text: str) -> Decimal:
    try:
        value = parse_number(text or '')
    except ValueError:
        raise ValueError(_('Enter the percent as a number.')) from None
    if value <= 0:
        raise ValueError(_('Enter a percent above 0.'))
    if value > 100:
        raise ValueError(_('A late fee can be at most 100% of the amount due.'))
    if value != value.quantize(Decimal('0.001')):
        raise ValueError(_('Use at most three decimals.'))
    return value


def _flat(text: str, currency: str) -> int:
    amount = parse_money(text, currency, what='the amount')
    if amount <= 0:
        raise ValueError(_('Enter an amount above zero.'))
    return amount


def _fee(c: form_input.Collector, name: str, form: LevelForm, currency: str) -> Fee:
    if form.fee_kind not in FEE_KINDS:
        c.add(f'{name}-fee_kind', _('Choose no fee, a flat amount or a percent.'))
        return Fee()
    if form.fee_kind == 'flat':
        return Fee('flat', amount=c.take(f'{name}-fee_amount', _flat, form.fee_amount, currency) or 0)
    if form.fee_kind == 'percent':
        percent = c.take(f'{name}-fee_percent', _percent, form.fee_percent)
        cap = c.take(f'{name}-fee_cap', parse_money, form.fee_cap or '0', currency, what='the amount') or 0
        return Fee('percent', percent=percent or Decimal(0), cap=cap)
    return Fee()


def clean_schedule(form: ScheduleForm, currency: str) -> Schedule:
    """The schedule from what staff typed, or Invalid with a message for each field that is wrong (field names:
    `level-N-days`, `level-N-subject-LANGUAGE`, `level-N-message-LANGUAGE`, `level-N-fee_amount`, ...; N from 0)."""
    c = form_input.Collector()
    if len(form.levels) > MAX_LEVELS:
        c.add('levels', _('A schedule has at most {count} levels.').format(count=MAX_LEVELS))
    levels, seen = [], set()
    for index, typed in enumerate(form.levels[:MAX_LEVELS]):
        name = f'level-{index}'
        days = c.take(f'{name}-days', _days, typed.days)
        if days is not None and days in seen:
            c.add(f'{name}-days', _('Another level is already on this day. Give each level its own day.'))
        texts = {}
        for language in LANGUAGES:
            subject = c.take(f'{name}-subject-{language}', _text, typed.subjects.get(language, ''),
                             limit=MAX_SUBJECT, required=_('Enter a subject.'))
            message = c.take(f'{name}-message-{language}', _text, typed.messages.get(language, ''),
                             limit=MAX_MESSAGE, required=_('Enter a message.'), multiline=True)
            texts[language] = Text(subject or '', message or '')
        fee = _fee(c, name, typed, currency)
        if days is not None:
            seen.add(days)
            levels.append(Level(days, texts, fee))
    c.check()
    return Schedule(bool(form.reminders_on), bool(form.late_fees_on),
                    tuple(sorted(levels, key=lambda level: level.days)))


async def save_schedule(actor: StaffActor, form: ScheduleForm) -> None:
    """Save the whole schedule, or nothing when any field is wrong (Invalid names each)."""
    await sessions.check(actor)
    schedule = clean_schedule(form, await _currency())
    levels = [level_to_json(level) for level in schedule.levels]
    async with in_transaction():
        before = audit.snapshot(await ReminderSchedule.get_or_none(id=1), 'reminders_on', 'late_fees_on', 'levels')
        if not await ReminderSchedule.filter(id=1).update(reminders_on=schedule.reminders_on,
                                                          late_fees_on=schedule.late_fees_on, levels=levels):
            await ReminderSchedule.create(id=1, reminders_on=schedule.reminders_on,
                                          late_fees_on=schedule.late_fees_on, levels=levels)
        await audit.record(actor, audit.Action.REMINDER_SCHEDULE, before=before, after={
            'reminders_on': schedule.reminders_on, 'late_fees_on': schedule.late_fees_on, 'levels': levels})
    await publish(Event(EventKind.SETTINGS_CHANGED))



async def business_currency() -> str:
    """The business's currency, in which flat fees and caps are set."""
    return await _currency()
