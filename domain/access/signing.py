"""Signing in with a password, on either side: the credentials are checked (with the lockout of `auth`), and then
either a session starts or, for someone with two-step sign-in, the sign-in waits for the code (`second_step`).

It sits above `auth`, `second_factor` and `second_step`, which all need the lockout and sessions of `auth`: with the
sign-in in `auth` those three imported each other in a circle.
"""
from __future__ import annotations

from domain import audit, clock, tokens
from domain.access import auth
from domain.access.passwords import verify_password
from domain.access.second_step import hold_if_needed
from domain.errors import NotAllowed, RateLimited, SecondStepRequired
from domain.formats import _
from domain.models import ContactPerson, LoginFailure, PortalAccess, SessionKind, StaffUser


async def sign_in(kind: SessionKind, email: str, password: str, client: auth.Client) -> str:
    """Check the credentials and return a one-time handoff code for `complete_sign_in`.

    Unknown email and wrong password fail alike. After 5 failures for one account or 20 from one address
    within 15 minutes, attempts are refused for 15 minutes from the last failure. Someone with two-step sign-in
    (or who must set it up) gets SecondStepRequired instead of a code: see second_step.py.
    """
    auth.check_sign_in_input(email, password)
    email = auth.normalize_email(email)
    account_key = tokens.digest(f'{kind}:{email}')
    now = clock.now()
    if await auth.is_locked(account_key, client.ip, now):
        raise RateLimited(_(auth.LOCKED))

    if kind == SessionKind.STAFF:
        staff = await StaffUser.get_or_none(email=email, is_active=True)
        person = None
        hashed = staff.password_hash if staff else None
    else:
        staff = None
        person = await ContactPerson.get_or_none(email=email, portal_access=PortalAccess.ACTIVE)
        hashed = person.password_hash if person else None
    if not await verify_password(password, hashed):
        await LoginFailure.create(kind=kind, account_key=account_key, ip=client.ip[:45], created_at=now)
        await audit.record(audit.Who('anonymous', ip=client.ip), audit.Action.SIGN_IN_FAILED, on=staff or person,
                           label='' if staff or person else audit.typed_email(email), note=kind)
        raise NotAllowed(_(auth.WRONG_CREDENTIALS))
    if person is not None and not await auth.portal_is_open():
        raise NotAllowed(_('The client portal is closed at the moment. Please contact the business.'))

    step = await hold_if_needed(kind, client, person=person, staff=staff)
    if step:  # the failures stay counted until the second step is passed too
        raise SecondStepRequired(step)
    await LoginFailure.filter(account_key=account_key).delete()
    return await auth.start_session(kind, client, person=person, staff=staff)
