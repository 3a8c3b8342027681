"""A client sees their own company's active recurring profiles and nothing else: the rule (domain/recurring/portal.py)
read as an ORM filter and in Python agrees on every status of every company's profiles, and the dashboard's next one
is the earliest of them."""
from __future__ import annotations

from datetime import date

from domain.models import RecurringProfile
from domain.recurring.portal import my_recurring_invoices, next_recurring_invoice, visible
from domain.recurring.profiles import create_profile
from tests import factories
from tests.services.recurring.conftest import typed


async def test_a_client_sees_only_their_own_companys_active_profiles(db):
    await factories.business()
    acme, globex = await factories.contact('Acme'), await factories.contact('Globex')
    casey = await factories.person(acme, 'casey@acme.example')
    actor = await factories.staff_actor()
    names = {}
    for contact in (acme, globex):
        for number, status in enumerate(('active', 'paused', 'ended', 'active')):
            name = f'{contact.display_name} {status} {number}'
            profile_id = await create_profile(actor, typed(contact.id, date(2030, 1, 10 + number), name=name))
            await RecurringProfile.filter(id=profile_id).update(status=status)
            names[profile_id] = (contact.id, status, name)

    client = await factories.portal_actor(casey)
    shown = [row.what for row in await my_recurring_invoices(client)]
    assert shown == ['Acme active 0', 'Acme active 3']  # the next to be made first
    rule = visible(acme.id)
    for profile in await RecurringProfile.all():
        contact_id, status, _name = names[profile.id]
        expected = contact_id == acme.id and status == 'active'
        assert rule.holds(profile) == expected
        assert await RecurringProfile.filter(rule.q(), id=profile.id).exists() == expected
    upcoming = await next_recurring_invoice(client)
    assert upcoming is not None and (upcoming.what, upcoming.next_date) == ('Acme active 0', date(2030, 1, 10))
