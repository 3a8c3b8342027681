"""Staff accounts: the owner adds and disables them; every staff member changes their own password."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from tortoise.exceptions import IntegrityError
from tortoise.transactions import in_transaction

from domain import audit, clock, form_input, formats, sessions, tokens
from domain.access import auth
from domain.access.passwords import check_new_password, hash_password, password_problem, verify_password
from domain.actors import StaffActor
from domain.errors import Conflict, Invalid, NotAllowed, NotFound, RateLimited
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.models import LoginFailure, SecondFactor, SessionKind, StaffUser

OWNER_ONLY = N_('Only the owner of the business can manage staff users.')
EMAIL_TAKEN = N_('A staff user with this email already exists.')


@dataclass(frozen=True)
class StaffRow:
    id: int
    name: str
    email: str
    is_owner: bool
    is_active: bool
    must_change_password: bool
    created_at: datetime
    is_you: bool
    may_reset_second_factor: bool = False
    second_factor_on: bool = False
    may_run_jobs: bool = False


def _require_owner(actor: StaffActor) -> None:
    if not actor.is_owner:
        raise NotAllowed(_(OWNER_ONLY))


async def _check_owner(actor: StaffActor) -> None:
    """The owner flag is read again from the database: the session's copy may be older than a change."""
    await sessions.check(actor)
    _require_owner(actor)
    if not await StaffUser.exists(id=actor.staff_id, is_owner=True, is_active=True):
        raise NotAllowed(_(OWNER_ONLY))


async def list_staff(actor: StaffActor) -> list[StaffRow]:
    await _check_owner(actor)
    users = await StaffUser.all().order_by('-is_owner', '-is_active', 'name', 'id')
    protected = set(await SecondFactor.filter(staff_id__isnull=False, confirmed_at__isnull=False)
                    .values_list('staff_id', flat=True))
    return [StaffRow(u.id, u.name, u.email, u.is_owner, u.is_active, u.must_change_password, u.created_at,
                     u.id == actor.staff_id, u.may_reset_second_factor, u.id in protected, u.may_run_jobs)
            for u in users]


async def add_staff(actor: StaffActor, name: str, email: str, password: str) -> int:
    """Add a staff user with an initial password that they must change when they first sign in."""
    await _check_owner(actor)
    c = form_input.Collector()
    cleaned_name = c.take('name', form_input.text, name, limit=100, required=_('Enter their name.'))
    cleaned_email = c.take('email', form_input.email, email, required=_('Enter their email address.'))
    problem = password_problem(password or '', email=cleaned_email or '')
    if problem:
        c.add('password', problem)
    c.check()
    if await StaffUser.exists(email=cleaned_email):
        raise Invalid.field('email', _(EMAIL_TAKEN))
    password_hash = await hash_password(password)
    async with in_transaction():
        try:
            user = await StaffUser.create(name=cleaned_name, email=cleaned_email, password_hash=password_hash,
                                          must_change_password=True)
        except IntegrityError:  # added by someone else a moment ago
            raise Invalid.field('email', _(EMAIL_TAKEN)) from None
        await audit.record(actor, audit.Action.STAFF_ADDED, on=user,
                           after=audit.snapshot(user, 'name', 'email', 'password_hash', 'must_change_password'))
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': user.id}))
    return user.id


async def disable_staff(actor: StaffActor, staff_id: int) -> None:
    """Stop a staff user from signing in; their open sessions end now."""
    await _check_owner(actor)
    if staff_id == actor.staff_id:
        raise Conflict(_('You cannot disable your own account.'))
    async with in_transaction():
        user = await StaffUser.get_or_none(id=staff_id)
        if user is None:
            raise NotFound(_('This staff user does not exist.'))
        if user.is_owner:
            raise Conflict(_("The owner's account cannot be disabled."))
        await StaffUser.filter(id=staff_id).update(is_active=False)
        await audit.record(actor, audit.Action.STAFF_DISABLED, on=user, changed='is_active')
        await sessions.end_sessions(staff_id=staff_id)
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


async def enable_staff(actor: StaffActor, staff_id: int) -> None:
    await _check_owner(actor)
    async with in_transaction():
        if await StaffUser.filter(id=staff_id).update(is_active=True) != 1:
            raise NotFound(_('This staff user does not exist.'))
        await audit.record(actor, audit.Action.STAFF_ENABLED, on=await StaffUser.get(id=staff_id),
                           after={'is_active': True})
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


async def change_password(actor: StaffActor, current: str, new: str, confirm: str) -> None:
    """Replace the actor's own password. Other sessions of the account end; this one stays signed in.

    Wrong current passwords count towards the same lockout as failed sign-ins.
    """
    await sessions.check(actor)
    user = await StaffUser.get_or_none(id=actor.staff_id, is_active=True)
    if user is None:
        raise NotFound(_('Your account no longer exists.'))
    account_key = tokens.digest(f'{SessionKind.STAFF}:{user.email}')
    now = clock.now()
    recent = await LoginFailure.filter(account_key=account_key, created_at__gt=now - auth.LOCKOUT_WINDOW).count()
    if recent >= auth.ACCOUNT_LIMIT:
        raise RateLimited(_('Too many wrong passwords. Please wait 15 minutes and try again.'))
    if not current:
        raise Invalid.field('current', _('Enter your current password.'))
    if not await verify_password(current, user.password_hash):
        await LoginFailure.create(kind=SessionKind.STAFF, account_key=account_key, ip='password-change',
                                  created_at=now)
        raise Invalid.field('current', _('That is not your current password.'))
    check_new_password(new or '', confirm or '', email=user.email, field='new')
    if new == current:
        raise Invalid.field('new', _('Choose a password that is different from your current one.'))
    password_hash = await hash_password(new)
    async with in_transaction():
        await StaffUser.filter(id=user.id).update(password_hash=password_hash, must_change_password=False)
        await audit.record(actor, audit.Action.PASSWORD_CHANGED, on=user, changed='password_hash')
        await sessions.end_sessions(staff_id=user.id, keep_session_id=actor.session_id)
    await LoginFailure.filter(account_key=account_key).delete()


async def reset_staff_password(actor: StaffActor, staff_id: int, password: str) -> None:
    """Give a staff user a new initial password (they must change it at their next sign-in); their sessions end."""
    await _check_owner(actor)
    if staff_id == actor.staff_id:
        raise Conflict(_('Change your own password on the Change Password page.'))
    user = await StaffUser.get_or_none(id=staff_id)
    if user is None:
        raise NotFound(_('This staff user does not exist.'))
    problem = password_problem(password or '', email=user.email)
    if problem:
        raise Invalid.field('password', problem)
    password_hash = await hash_password(password)
    async with in_transaction():
        await StaffUser.filter(id=staff_id).update(password_hash=password_hash, must_change_password=True)
        await audit.record(actor, audit.Action.PASSWORD_RESET, on=user,
                           changed=('password_hash', 'must_change_password'))
        await sessions.end_sessions(staff_id=staff_id)
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


UNKNOWN_LANGUAGE = N_('Choose one of the languages offered.')


def _language(code: str) -> str:
    if code not in formats.LANGUAGES:
        raise Invalid.field('language', _(UNKNOWN_LANGUAGE))
    return code


async def add_staff_speaking(actor: StaffActor, name: str, email: str, password: str, language: str) -> int:
    """`add_staff`, with the language the new staff user reads the staff side in."""
    await _check_owner(actor)
    code = _language(language)
    staff_id = await add_staff(actor, name, email, password)
    async with in_transaction():
        await StaffUser.filter(id=staff_id).update(language=code)
        await audit.record(actor, audit.Action.STAFF_EDITED, on=await StaffUser.get(id=staff_id),
                           after={'language': code})
    return staff_id


async def staff_languages(actor: StaffActor) -> dict[int, str]:
    """Each staff user's language, by id, for the owner's list."""
    await _check_owner(actor)
    return dict(await StaffUser.all().values_list('id', 'language'))


async def set_staff_language(actor: StaffActor, staff_id: int, language: str) -> None:
    """The owner sets the language a staff user reads the staff side (and their emails) in."""
    await _check_owner(actor)
    code = _language(language)
    async with in_transaction():
        if await StaffUser.filter(id=staff_id).update(language=code) != 1:
            raise NotFound(_('This staff user does not exist.'))
        await audit.record(actor, audit.Action.STAFF_EDITED, on=await StaffUser.get(id=staff_id),
                           after={'language': code})
    await publish(Event(EventKind.STAFF_CHANGED, data={'staff_id': staff_id}))


async def set_own_language(actor: StaffActor, language: str) -> None:
    """A staff user chooses their own language; their pages read in it from the next one they open."""
    await sessions.check(actor)
    code = _language(language)
    async with in_transaction():
        if await StaffUser.filter(id=actor.staff_id, is_active=True).update(language=code) != 1:
            raise NotFound(_('Your account no longer exists.'))
        await audit.record(actor, audit.Action.STAFF_EDITED, on=await StaffUser.get(id=actor.staff_id),
                           after={'language': code})
