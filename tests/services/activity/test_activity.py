"""The staff bell on a real database: unread client activity is counted per staff user, and reading is personal."""
import pytest

from domain.activity import log as activity
from domain.activity.log import BELL_CAP, BELL_ROWS
from domain.documents.acceptance import current_hash
from domain.documents.portal import accept_estimate, open_invoice
from domain.errors import SessionEnded
from domain.events import bus
from domain.models import ActivityKind, Session
from tests import factories


@pytest.fixture
def events():
    seen = []
    unsubscribe = bus.subscribe(seen.append)
    yield seen
    unsubscribe()


async def test_each_staff_user_reads_client_activity_for_themselves(db, events):
    olivia = await factories.staff_actor('olivia@example.com', name='Olivia Owner')
    sam = await factories.staff_actor('sam@example.com', name='Sam Staff', is_owner=False)
    contact = await factories.contact('Acme Corporation')
    client = await factories.portal_actor(await factories.person(contact, first_name='Casey'))
    assert (await activity.activity_bell(olivia)).unread == 0

    invoice = await factories.invoice(contact, 1000)
    estimate = await factories.estimate(contact, 2000)
    await open_invoice(client, invoice.id)
    await accept_estimate(client, estimate.id, await current_hash(estimate.id))
    bell = await activity.activity_bell(olivia)
    assert bell.unread == 2
    assert [row.sentence for row in bell.rows] == [f'Casey Client accepted estimate {estimate.number}',
                                                   f'Casey Client viewed invoice {invoice.number}']
    assert all(bell.is_unread(row) for row in bell.rows)

    events.clear()
    await activity.mark_activity_read(olivia, bell.newest_id)
    assert [(e.kind, e.data) for e in events] == [('activity.read', {'staff_id': olivia.staff_id})]
    assert (await activity.activity_bell(olivia)).unread == 0
    assert (await activity.activity_bell(sam)).unread == 2  # Sam has not read them

    another = await factories.estimate(contact, 3000)
    await accept_estimate(client, another.id, await current_hash(another.id))
    after = await activity.activity_bell(olivia)
    assert after.unread == 1 and [after.is_unread(row) for row in after.rows] == [True, False, False]


async def test_reading_never_goes_backwards_or_past_the_newest_activity(db, events):
    staff = await factories.staff_actor()
    contact = await factories.contact()
    client = await factories.portal_actor(await factories.person(contact))
    await open_invoice(client, (await factories.invoice(contact, 1000)).id)
    await activity.mark_activity_read(staff, 10_000)  # clamped to what exists
    newest = (await activity.activity_bell(staff)).last_read_id
    assert newest == (await activity.activity_bell(staff)).rows[0].id
    events.clear()
    await activity.mark_activity_read(staff, 0)
    assert (await activity.activity_bell(staff)).last_read_id == newest and events == []


async def test_a_flood_of_activity_shows_as_99_plus_and_lists_only_the_latest(db):
    staff = await factories.staff_actor()
    contact = await factories.contact()
    person = await factories.person(contact)
    invoice = await factories.invoice(contact, 1000)
    for _ in range(BELL_CAP + 5):
        await activity.record_activity(ActivityKind.VIEWED, contact.id, invoice.id, person.id)
    bell = await activity.activity_bell(staff)
    assert bell.count_text == '99+' and len(bell.rows) == BELL_ROWS
    assert (await activity.activity_bell(staff, rows=False)).rows == []


async def test_the_bell_needs_a_live_session(db):
    staff = await factories.staff_actor()
    await Session.filter(id=staff.session_id).delete()
    with pytest.raises(SessionEnded):
        await activity.activity_bell(staff)
    with pytest.raises(SessionEnded):
        await activity.mark_activity_read(staff, 1)
