"""What a client sees of their company's recurring profiles: the active ones, read-only. One visibility rule,
`visible`, declared once as a condition (domain/models/sql.py) and read as an ORM filter: a person sees only their
own contact's profiles, and only while active (a paused or ended one makes no invoice they should expect)."""
from __future__ import annotations

from dataclasses import replace

from domain import sessions
from domain.actors import PortalActor
from domain.models import RecurringProfile
from domain.models.sql import Condition, where
from domain.payments.automatic.consent import active_consent
from domain.recurring.views import ProfileRow, rows_of

SHOWN = where('status', '=', 'active')


def visible(contact_id: int) -> Condition:
    """The profiles the portal people of `contact_id` may see."""
    return where('contact_id', '=', contact_id) & SHOWN


async def my_recurring_invoices(actor: PortalActor) -> list[ProfileRow]:
    """The company's active profiles, the next to make first."""
    await sessions.check(actor)
    return await _with_consent(actor, await rows_of(
        await RecurringProfile.filter(visible(actor.contact_id).q()).select_related('contact').order_by('next_date', 'id')))


async def next_recurring_invoice(actor: PortalActor) -> ProfileRow | None:
    """The company's next recurring invoice, for the dashboard."""
    await sessions.check(actor)
    found = await _with_consent(actor, await rows_of(
        await RecurringProfile.filter(visible(actor.contact_id).q()).select_related('contact').order_by('next_date', 'id')
        .limit(1)))
    return found[0] if found else None


async def _with_consent(actor: PortalActor, rows: list[ProfileRow]) -> list[ProfileRow]:
    """Each profile's invoices are charged automatically only with the company's consent and the profile's say."""
    consent = await active_consent(actor.contact_id) if rows else None
    if consent is None:
        return rows
    return [replace(row, charged_to=consent.card_label) if row.auto_charge else row for row in rows]
