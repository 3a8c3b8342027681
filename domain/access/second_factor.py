"""Two-step sign-in for one person or staff user: setting it up with an authenticator app, recovery codes, using
a code, and turning it off. Signing in with it is in second_step.py; staff help in second_factor_reset.py.

A code (six digits from the app, or a recovery code) works once: an app code is refused unless its 30-second step
is newer than the last one accepted, checked and recorded in one conditional UPDATE, so two processes cannot both
accept it; a recovery code is marked used the same way.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TypedDict, cast

from tortoise.transactions import in_transaction

from domain import audit, clock, sessions
from domain.access import auth
from domain.access import second_factor_codes as codes
from domain.actors import Actor, PortalActor
from domain.errors import Conflict, Invalid, NotFound, RateLimited
from domain.events import Event, EventKind, publish
from domain.formats import N_, _
from domain.models import Business, ContactPerson, RecoveryCode, SecondFactor, SessionKind, StaffUser

ENTER_CODE = N_('Enter the 6-digit code from your authenticator app.')
ENTER_CODE_OR_RECOVERY = N_('Enter the 6-digit code from your authenticator app, or one of your recovery codes.')
WRONG_CODE = N_('That code is not right. Check that the time on your phone is correct and try the newest code.')
WRONG_SETUP_CODE = N_('That code is not right. Scan the QR code again (or type the key), then enter the code the '
                    'app shows now.')
REQUIRED = N_('Your business requires two-step sign-in, so it cannot be turned off.')


class OwnerColumn(TypedDict, total=False):
    """The column of a second factor's row that names its owner: one of the two."""
    person_id: int
    staff_id: int


@dataclass(frozen=True)
class Owner:
    """Whose second factor: a contact person (portal) or a staff user."""
    kind: SessionKind
    id: int
    email: str
    contact_id: int | None = None

    @property
    def label(self) -> str:
        """Binds the encrypted secret to its row's owner."""
        return f'{self.kind}:{self.id}'

    def filter(self) -> OwnerColumn:
        return {'person_id': self.id} if self.kind == SessionKind.PORTAL else {'staff_id': self.id}


@dataclass(frozen=True)
class FactorStatus:
    on: bool
    since: datetime | None
    recovery_codes_left: int
    required: bool


@dataclass(frozen=True)
class Setup:
    secret: str  # shown once, in groups, for typing into an app
    uri: str  # the otpauth:// address inside the QR code

    @property
    def grouped(self) -> str:
        return codes.grouped(self.secret)


def owner_of(person: ContactPerson | None = None, staff: StaffUser | None = None) -> Owner:
    if person is not None:
        return Owner(SessionKind.PORTAL, person.id, person.email, person.contact_id)
    assert staff is not None
    return Owner(SessionKind.STAFF, staff.id, staff.email)


def _actor_owner(actor: Actor) -> Owner:
    if isinstance(actor, PortalActor):
        return Owner(SessionKind.PORTAL, actor.person_id, actor.email, actor.contact_id)
    return Owner(SessionKind.STAFF, actor.staff_id, actor.email)


async def required(kind: SessionKind) -> bool:
    """Whether the business requires a second factor of everyone on this side."""
    name = 'require_second_factor_staff' if kind == SessionKind.STAFF else 'require_second_factor_portal'
    values = await Business.all().limit(1).values_list(name, flat=True)
    return bool(values and values[0])


async def confirmed_factor(owner: Owner) -> SecondFactor | None:
    return await SecondFactor.get_or_none(**owner.filter(), confirmed_at__isnull=False)


async def _current_email(owner: Owner) -> str:
    """The owner's sign-in email as stored now (a session's copy may predate a change)."""
    model = ContactPerson if owner.kind == SessionKind.PORTAL else StaffUser
    emails = cast(list[str], await model.filter(id=owner.id).values_list('email', flat=True))
    if not emails:
        raise NotFound(_('Your account no longer exists.'))
    return emails[0]


async def begin(owner: Owner, *, reuse: bool = False) -> Setup:
    """Make a new secret waiting for its first code (or, with `reuse`, keep the one already waiting)."""
    if await confirmed_factor(owner) is not None:
        raise Conflict(_('Two-step sign-in is already on.'))
    waiting = await SecondFactor.get_or_none(**owner.filter(), confirmed_at=None)
    if reuse and waiting is not None:
        try:
            secret = codes.decrypt(waiting.secret, owner.label)
        except codes.UnreadableSecret:
            secret = ''
        if secret:
            return await _setup(owner, secret)
    secret = codes.new_secret()
    async with in_transaction():
        await SecondFactor.filter(**owner.filter(), confirmed_at=None).delete()
        await SecondFactor.create(kind=owner.kind, **owner.filter(), secret=codes.encrypt(secret, owner.label))
    return await _setup(owner, secret)


async def _setup(owner: Owner, secret: str) -> Setup:
    business = await Business.first()
    if owner.kind == SessionKind.STAFF:
        issuer = f'{business.name} staff' if business else 'Client portal staff'
    else:
        issuer = (business.portal_name or business.name) if business else 'Client portal'
    return Setup(secret, codes.provisioning_uri(secret, await _current_email(owner), issuer))


async def confirm(owner: Owner, code: str, *, by: Actor | audit.Who) -> list[str]:
    """Switch the waiting secret on with a current code from the app, with the audit row of `by` (who turned it on);
    returns the first ten recovery codes."""
    cleaned = codes.clean_code(code)
    if not cleaned:
        raise Invalid.field('code', _(ENTER_CODE))
    waiting = await SecondFactor.get_or_none(**owner.filter(), confirmed_at=None)
    if waiting is None:
        raise Conflict(_('This set-up has expired or is finished already. Please start again.'))
    try:
        secret = codes.decrypt(waiting.secret, owner.label)
    except codes.UnreadableSecret:
        raise Conflict(_('This set-up can no longer be finished. Please start again.')) from None
    now = clock.now()
    step = codes.matching_step(secret, cleaned, now)
    if step is None:
        raise Invalid.field('code', _(WRONG_SETUP_CODE))
    async with in_transaction():
        if await SecondFactor.filter(id=waiting.id, confirmed_at=None).update(confirmed_at=now, last_step=step) != 1:
            raise Conflict(_('This set-up is finished already.'))
        recovery = await _replace_recovery_codes(waiting.id)
        await audit.record(by, audit.Action.SECOND_FACTOR_ON, contact_id=owner.contact_id)
    await _announce(owner)
    return recovery


async def _replace_recovery_codes(factor_id: int) -> list[str]:
    fresh = codes.new_recovery_codes()
    await RecoveryCode.filter(factor_id=factor_id).delete()
    await RecoveryCode.bulk_create([RecoveryCode(factor_id=factor_id, code_hash=codes.recovery_hash(factor_id, c))
                                    for c in fresh])
    return fresh


async def use_code(factor: SecondFactor, owner: Owner, code: str) -> bool:
    """Accept an app code (once) or an unused recovery code (once, then it is spent)."""
    cleaned = codes.clean_code(code)
    now = clock.now()
    if codes.is_recovery_code(cleaned):
        return await RecoveryCode.filter(factor_id=factor.id, code_hash=codes.recovery_hash(factor.id, cleaned),
                                         used_at=None).update(used_at=now) == 1
    try:
        secret = codes.decrypt(factor.secret, owner.label)
    except codes.UnreadableSecret:
        return False
    step = codes.matching_step(secret, cleaned, now)
    if step is None:
        return False
    return await SecondFactor.filter(id=factor.id, last_step__lt=step).update(last_step=step) == 1


async def check_code(owner: Owner, code: str, ip: str) -> SecondFactor:
    """Use a code of a signed-in person (to renew recovery codes or turn the factor off). A wrong one counts
    towards the same lockout as a failed sign-in, so a left-open session cannot be used to guess codes."""
    factor = await confirmed_factor(owner)
    if factor is None:
        raise Conflict(_('Two-step sign-in is not on.'))
    email = await _current_email(owner)
    if await auth.locked(owner.kind, email, ip):
        raise RateLimited(_(auth.LOCKED))
    if not codes.clean_code(code):
        raise Invalid.field('code', _(ENTER_CODE_OR_RECOVERY))
    if not await use_code(factor, owner, code):
        await auth.record_failure(owner.kind, email, ip)
        raise Invalid.field('code', _(WRONG_CODE))
    return factor


async def factor_status(actor: Actor) -> FactorStatus:
    await sessions.check(actor)
    owner = _actor_owner(actor)
    factor = await confirmed_factor(owner)
    left = await RecoveryCode.filter(factor_id=factor.id, used_at=None).count() if factor else 0
    return FactorStatus(factor is not None, factor.confirmed_at if factor else None, left,
                        await required(owner.kind))


async def start_setup(actor: Actor) -> Setup:
    """A new secret for the actor's authenticator app; it is on only once `confirm_setup` got a code from it."""
    await sessions.check(actor)
    return await begin(_actor_owner(actor))


async def confirm_setup(actor: Actor, code: str) -> list[str]:
    """Turn two-step sign-in on and return the recovery codes to show once. Other sessions of the account end."""
    await sessions.check(actor)
    owner = _actor_owner(actor)
    recovery = await confirm(owner, code, by=actor)
    await sessions.end_sessions(**owner.filter(), keep_session_id=actor.session_id)
    return recovery


async def renew_recovery_codes(actor: Actor, code: str, ip: str) -> list[str]:
    """Ten new recovery codes, after a current code; the old ones stop working."""
    await sessions.check(actor)
    owner = _actor_owner(actor)
    factor = await check_code(owner, code, ip)
    async with in_transaction():
        await audit.record(actor, audit.Action.RECOVERY_CODES)
        return await _replace_recovery_codes(factor.id)


async def turn_off(actor: Actor, password: str, code: str, ip: str) -> None:
    """Turn two-step sign-in off, after the password and a current code (unless the business requires it)."""
    await sessions.check(actor)
    owner = _actor_owner(actor)
    if await required(owner.kind):
        raise Conflict(_(REQUIRED))
    fields = {}
    if not password:
        fields['password'] = _('Enter your password.')
    if not codes.clean_code(code):
        fields['code'] = _(ENTER_CODE_OR_RECOVERY)
    if fields:
        raise Invalid(fields)
    model = ContactPerson if owner.kind == SessionKind.PORTAL else StaffUser
    account = await model.get_or_none(id=owner.id)
    if account is None:
        raise NotFound(_('Your account no longer exists.'))
    if not await auth.confirm_password(owner.kind, account.email, password, account.password_hash, ip):
        raise Invalid.field('password', _('That is not your password.'))
    await check_code(owner, code, ip)
    async with in_transaction():
        await SecondFactor.filter(**owner.filter()).delete()
        await audit.record(actor, audit.Action.SECOND_FACTOR_OFF)
    await _announce(owner)


async def _announce(owner: Owner) -> None:
    if owner.kind == SessionKind.PORTAL:
        await publish(Event(EventKind.SECOND_FACTOR, contact_id=owner.contact_id, data={'person_id': owner.id}))
