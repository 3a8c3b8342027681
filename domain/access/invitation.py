"""The invitation email itself: a new single-use link (7 days, stored hashed) and the email that carries it.

Shared by inviting a person (`portal.py`) and by correcting the email of someone already invited
(`domain/contacts/persons.py`), whose earlier link must stop working. Call it inside the caller's transaction.
"""
from __future__ import annotations

from datetime import timedelta

import settings
from domain import tokens
from domain.formats import _
from domain.mail import compose as mail
from domain.models import Business, ContactPerson, TokenPurpose

INVITATION_VALID = timedelta(days=7)


def invitation_link(token: str) -> str:
    return f'{settings.get().public_url}/portal/invitation/{token}'


async def send_invitation(person: ContactPerson) -> None:
    """Issue a new link (voiding any earlier one) and queue the email with it to the person's address, in their
    language."""
    token = await tokens.issue(person, TokenPurpose.INVITATION, INVITATION_VALID)
    async with mail.written_for(person.language):
        portal = await _portal_name()
        business = await mail.business_name()
        await mail.queue(
            'invitation', person.email, _('Your invitation to {portal}').format(portal=portal),
            greeting=_('Hello {name},').format(name=person.first_name or person.name),
            paragraphs=[
                _('{business} invites you to {portal}. There you can see your estimates and invoices, approve '
                  'quotes, pay online and download statements.').format(business=business, portal=portal),
                _('Choose your password with the link below. You will sign in with this email address: '
                  '{email}.').format(email=person.email),
                _('The link works once and expires in 7 days. If it has expired, ask us for a new one.'),
                _('If you did not expect this invitation, you can ignore this email.'),
            ],
            action=mail.Action(_('Accept invitation'), invitation_link(token)),
            to_name=person.name, contact_id=person.contact_id,
        )


async def _portal_name() -> str:
    business = await Business.first()
    if business is None:
        return _('the client portal')
    return business.portal_name or _('the {business} client portal').format(business=business.name)
