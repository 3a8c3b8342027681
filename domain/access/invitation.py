"""The invitation email itself: a new single-use link (7 days, stored hashed) and the email that carries it.

Shared by inviting a person (`portal.py`) and by correcting the email of someone already invited
(`domain/contacts/persons.py`), whose earlier link must stop working. Call it inside the caller's transaction.
"""
from __future__ import annotations

from datetime import timedelta

import settings
from domain import tokens
from domain.mail import compose as mail
from domain.models import Business, ContactPerson, TokenPurpose

INVITATION_VALID = timedelta(days=7)


def invitation_link(token: str) -> str:
    return f'{settings.get().public_url}/portal/invitation/{token}'


async def send_invitation(person: ContactPerson) -> None:
    """Issue a new link (voiding any earlier one) and queue the email with it to the person's address."""
    token = await tokens.issue(person, TokenPurpose.INVITATION, INVITATION_VALID)
    portal = await _portal_name()
    business = await mail.business_name()
    await mail.queue(
        'invitation', person.email, f'Your invitation to {portal}',
        greeting=f'Hello {person.first_name or person.name},',
        paragraphs=[
            f'{business} invites you to {portal}. There you can see your estimates and invoices, approve quotes, '
            'pay online and download statements.',
            f'Choose your password with the link below. You will sign in with this email address: {person.email}.',
            'The link works once and expires in 7 days. If it has expired, ask us for a new one.',
            'If you did not expect this invitation, you can ignore this email.',
        ],
        action=mail.Action('Accept invitation', invitation_link(token)),
        to_name=person.name, contact_id=person.contact_id,  # type: ignore[attr-defined]
    )


async def _portal_name() -> str:
    business = await Business.first()
    if business is None:
        return 'the client portal'
    return business.portal_name or f'the {business.name} client portal'
