"""The second step of a sign-in: after the right password (or an invitation or reset link), a person with
two-step sign-in enters a code, and a person whom the business requires to have it sets it up first.

The waiting sign-in is a database row found by the hash of the NiceGUI browser id (the signed browser cookie), so
it survives a reload, works in any process, and nothing of it travels in a URL. It lasts ten minutes. Wrong codes
count towards the same lockout as wrong passwords (per account and per address), and the failures of the account
are forgotten only once the session starts.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from domain import audit, clock, tokens
from domain.access import auth, second_factor
from domain.access import second_factor_codes as codes
from domain.access.second_factor import Setup, owner_of
from domain.errors import Conflict, Invalid, NotAllowed, RateLimited
from domain.formats import N_, _
from domain.models import ContactPerson, PendingSignIn, PortalAccess, SessionKind, StaffUser

STEP_VALID = timedelta(minutes=10)
CODE, SETUP, READY = 'code', 'setup', 'ready'
EXPIRED = N_('Your sign-in has expired. Please sign in again.')
NO_BROWSER_ID = N_('Your browser did not keep the sign-in. Please allow cookies for this site and try again.')


@dataclass(frozen=True)
class Pending:
    """What the second-step page shows."""
    kind: SessionKind
    step: str
    email: str


async def hold_if_needed(kind: SessionKind, client: auth.Client, *, person: ContactPerson | None = None,
                         staff: StaffUser | None = None) -> str | None:
    """Start a waiting sign-in when the person needs a second step, and say which; None means none is needed."""
    owner = owner_of(person, staff)
    if await second_factor.confirmed_factor(owner) is not None:
        step = CODE
    elif await second_factor.required(kind):
        step = SETUP
    else:
        return None
    if not client.browser_id:
        raise NotAllowed(_(NO_BROWSER_ID))
    browser_hash = tokens.digest(client.browser_id)
    now = clock.now()
    await PendingSignIn.filter(kind=kind, browser_hash=browser_hash).delete()
    await PendingSignIn.create(kind=kind, browser_hash=browser_hash, person=person, staff=staff, step=step,
                               created_at=now, expires_at=now + STEP_VALID)
    return step


async def _waiting(kind: SessionKind, browser_id: str, step: str | None = None) -> PendingSignIn:
    """The browser's waiting sign-in, if it is still valid and its person may still sign in; else NotAllowed."""
    row = None
    if browser_id:
        row = await PendingSignIn.get_or_none(kind=kind, browser_hash=tokens.digest(browser_id),
                                              expires_at__gt=clock.now()).select_related('person', 'staff')
    if row is None or (step is not None and row.step != step):
        raise NotAllowed(_(EXPIRED))
    if kind == SessionKind.STAFF:
        if row.staff is None or not row.staff.is_active:
            raise NotAllowed(_(EXPIRED))
    elif row.person is None or row.person.portal_access != PortalAccess.ACTIVE:
        raise NotAllowed(_(EXPIRED))
    elif not await auth.portal_is_open():
        raise NotAllowed(_('The client portal is closed at the moment. Please contact the business.'))
    return row


def _owner(row: PendingSignIn) -> second_factor.Owner:
    return owner_of(row.person, row.staff)


async def pending(kind: SessionKind, browser_id: str) -> Pending | None:
    """The sign-in waiting in this browser, or None when there is none (or it expired)."""
    try:
        row = await _waiting(kind, browser_id)
    except NotAllowed:
        return None
    return Pending(kind, row.step, _owner(row).email)


async def submit_code(kind: SessionKind, code: str, client: auth.Client) -> str:
    """Check an app code or a recovery code and start the session: returns the handoff code for /auth/complete."""
    row = await _waiting(kind, client.browser_id, CODE)
    owner = _owner(row)
    if await auth.locked(kind, owner.email, client.ip):
        raise RateLimited(_(auth.LOCKED))
    if not codes.clean_code(code):
        raise Invalid.field('code', _(second_factor.ENTER_CODE_OR_RECOVERY))
    factor = await second_factor.confirmed_factor(owner)
    if factor is None or not await second_factor.use_code(factor, owner, code):
        await auth.record_failure(kind, owner.email, client.ip)
        await audit.record(audit.Who('anonymous', ip=client.ip), audit.Action.SIGN_IN_FAILED,
                           on=row.person or row.staff, note=f'{kind}: code')
        raise Invalid.field('code', _(second_factor.WRONG_CODE))
    return await _start(row, client)


async def _start(row: PendingSignIn, client: auth.Client) -> str:
    if await PendingSignIn.filter(id=row.id).delete() != 1:  # used by a second click at the same moment
        raise NotAllowed(_(EXPIRED))
    owner = _owner(row)
    await auth.clear_failures(owner.kind, owner.email)
    return await auth.start_session(owner.kind, client, person=row.person, staff=row.staff)


async def required_setup(kind: SessionKind, browser_id: str) -> Setup:
    """The secret to set up for someone the business requires to have a second factor (the same one on reload)."""
    row = await _waiting(kind, browser_id, SETUP)
    return await second_factor.begin(_owner(row), reuse=True)


async def confirm_required_setup(kind: SessionKind, code: str, browser_id: str) -> list[str]:
    """Switch the factor on with a code from the app; returns the recovery codes. The session starts with
    `finish_setup`, once the person has saved them."""
    row = await _waiting(kind, browser_id, SETUP)
    recovery = await second_factor.confirm(_owner(row), code, by=audit.account(row.person or row.staff))
    await PendingSignIn.filter(id=row.id).update(step=READY, expires_at=clock.now() + STEP_VALID)
    return recovery


async def finish_setup(kind: SessionKind, client: auth.Client) -> str:
    row = await _waiting(kind, client.browser_id, READY)
    if await second_factor.confirmed_factor(_owner(row)) is None:
        raise Conflict(_(EXPIRED))
    return await _start(row, client)


async def cancel(kind: SessionKind, browser_id: str) -> None:
    """Forget the waiting sign-in of this browser (the person chose to start again)."""
    if browser_id:
        await PendingSignIn.filter(kind=kind, browser_hash=tokens.digest(browser_id)).delete()
