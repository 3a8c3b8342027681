"""A client and staff side by side (two simulated users): what one does shows up for the other without a reload."""
from collections.abc import Callable

from nicegui import ui
from nicegui.testing import User

from domain import clock
from domain.models import Document, EstimateStatus, OutgoingMail, SessionKind
from tests import factories
from tests.ui.conftest import choose, click, sign_in
from tests.ui.live_helpers import eventually, signed_in_user


async def northwind(user: User):
    """Northwind with its owner Olivia and Sam on staff, and Casey at Acme with portal access."""
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio', portal_name='Northwind Client Portal')
    await factories.staff('olivia@northwind.example', name='Olivia Owner')
    await factories.staff('sam@northwind.example', name='Sam Staff', is_owner=False)
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'casey@acme.example', first_name='Casey', last_name='Client')
    return acme


async def side_by_side(user: User, create_user: Callable[[], User]) -> tuple[User, User]:
    """Olivia signed in on the staff side (the `user`) and Casey in the portal (a second user)."""
    await sign_in(user, 'staff', 'olivia@northwind.example')
    return user, await signed_in_user(create_user, SessionKind.PORTAL, 'casey@acme.example')


def write(user: User, text: str) -> None:
    user.find(marker='comment-box').type(text)
    click(user, 'Post comment')


def comments_seen(user: User) -> list[tuple[str, str, str]]:
    """(author, mark, text) of each comment on the page, oldest first."""
    lists = sorted(user.find(marker='comment-list').elements, key=lambda element: element.id)
    return [(shown['a'], shown['m'], shown['b']) for element in lists for shown in element.shown]


def comment_texts(user: User) -> list[str]:
    return [text for _, _, text in comments_seen(user)]


async def test_a_client_comment_appears_on_the_open_staff_page(user: User, create_user):
    acme = await northwind(user)
    invoice = await factories.invoice(acme, 10000, sent_at=clock.now())
    staff, client = await side_by_side(user, create_user)
    await staff.open(f'/staff/invoices/{invoice.id}')
    await staff.should_see('No comments yet')
    await client.open(f'/portal/invoices/{invoice.id}')

    write(client, 'Could we pay this in two parts?\nHalf now, half in March.')
    await client.should_see(marker='comment-list', content='Could we pay this in two parts?')
    await staff.should_see(marker='comment-list', content='Half now, half in March.', retries=40)
    await staff.should_not_see('No comments yet')
    assert comments_seen(staff) == [
        ('Casey Client', 'Client', 'Could we pay this in two parts?\nHalf now, half in March.')]


async def test_only_a_reply_with_display_in_portal_reaches_the_client(user: User, create_user):
    acme = await northwind(user)
    estimate = await factories.estimate(acme, 50000)
    staff, client = await side_by_side(user, create_user)
    await client.open(f'/portal/estimates/{estimate.id}')
    await staff.open(f'/staff/estimates/{estimate.id}')

    assert staff.find(marker='display-in-portal').elements.pop().value is False  # off by default
    write(staff, 'Internal: Casey usually pays late, ask for a deposit.')
    await staff.should_see(marker='comment-list', content='Internal note')
    staff.find(marker='comment-box').type('Yes, hosting is included for the first year.')
    staff.find(marker='display-in-portal').click()
    assert staff.find(marker='email-client').elements.pop().value is True  # on by default
    click(staff, 'Post comment')
    await staff.should_see(marker='comment-list', content='Shown in portal')

    await client.should_see(marker='comment-list', content='hosting is included', retries=40)
    assert comment_texts(client) == ['Yes, hosting is included for the first year.']
    await client.open(f'/portal/estimates/{estimate.id}')  # and after a reload, still only the reply
    await client.should_see(marker='comment-list', content='hosting is included')
    assert comments_seen(client) == [('Olivia Owner', 'From the business', 'Yes, hosting is included for the first year.')]
    assert [m.to_address for m in await OutgoingMail.filter(kind='comment_reply')] == ['casey@acme.example']
    assert staff.find(marker='display-in-portal').elements.pop().value is False  # back to safe for the next one
    assert [mark for _, mark, _ in comments_seen(staff)] == ['Internal note', 'Shown in portal']


async def test_staff_see_the_viewed_eye_appear_when_the_client_opens_the_invoice(user: User, create_user):
    acme = await northwind(user)
    invoice = await factories.invoice(acme, 10000, sent_at=clock.now())
    other = await factories.invoice(acme, 20000, sent_at=clock.now())
    staff, client = await side_by_side(user, create_user)
    await staff.open(f'/staff/invoices/{invoice.id}')
    await staff.should_see('Not viewed by the client yet')

    await client.open(f'/portal/invoices/{invoice.id}')
    await staff.should_see('Viewed by the client: first', retries=40)
    await staff.should_not_see('Not viewed by the client yet')

    await staff.open('/staff/invoices')
    await staff.should_see(other.number)
    assert len(staff.find(marker='viewed').elements) == 1
    await client.open(f'/portal/invoices/{other.id}')
    await eventually(lambda: len(staff.find(marker='viewed').elements) == 2)


async def test_staff_see_an_estimate_accepted_or_declined_while_it_is_open(user: User, create_user):
    acme = await northwind(user)
    accepted = await factories.estimate(acme, 50000)
    declined = await factories.estimate(acme, 70000)
    staff, client = await side_by_side(user, create_user)
    await staff.open(f'/staff/estimates/{accepted.id}')
    await staff.should_see('Mark as accepted')  # in the More menu while it waits

    await client.open(f'/portal/estimates/{accepted.id}')
    click(client, 'Accept')
    await client.should_see('Accept estimate')
    click(client, 'Accept estimate')
    await client.should_see('You accepted this estimate', retries=30)  # the record is written first
    await staff.should_see('Convert to invoice', retries=40)  # the next step once it is accepted
    await staff.should_not_see('Mark as accepted')

    await staff.open('/staff/estimates')
    await staff.should_see(declined.number)
    await client.open(f'/portal/estimates/{declined.id}')
    click(client, 'More')
    choose(client, 'Decline')
    await client.should_see('Reason (optional)')
    client.find('Reason (optional)').type('Over budget.')
    click(client, 'Decline estimate')
    await client.should_see('This estimate was declined')
    await eventually(lambda: bool(staff.find(kind=ui.label, content='Declined').elements))  # its status chip
    assert (await Document.get(id=declined.id)).status == EstimateStatus.DECLINED


async def test_the_bell_counts_client_activity_and_each_staff_member_reads_it_alone(user: User, create_user):
    acme = await northwind(user)
    estimate = await factories.estimate(acme, 50000)
    olivia = user
    await sign_in(olivia, 'staff', 'olivia@northwind.example')
    sam = await signed_in_user(create_user, SessionKind.STAFF, 'sam@northwind.example')
    client = await signed_in_user(create_user, SessionKind.PORTAL, 'casey@acme.example')
    await olivia.open('/staff/contacts')
    await sam.open('/staff/payments')
    await olivia.should_not_see(marker='unread-count')

    await client.open(f'/portal/estimates/{estimate.id}')  # viewed
    write(client, 'Is hosting included?')  # commented
    await client.should_see(marker='comment-list', content='Is hosting included?')
    for staff in (olivia, sam):
        await staff.should_see(marker='unread-count', content='2', retries=40)

    with olivia:
        olivia.find(marker='activity-menu').elements.pop().open()
    await olivia.should_see(f'Casey Client commented on estimate {estimate.number}', retries=40)
    await olivia.should_see(f'Casey Client viewed estimate {estimate.number}')
    with olivia.scope(marker='activity-menu'):
        targets = [link.props['href'] for link in olivia.find(kind=ui.link).elements]
    assert targets.count(f'/staff/estimates/{estimate.id}') == 2  # each entry links to the estimate
    click(olivia, 'Mark all as read')
    await olivia.should_not_see(marker='unread-count', retries=40)
    await sam.should_see(marker='unread-count', content='2')  # Sam has not read them yet

    click(client, 'Accept')
    await client.should_see('Accept estimate')
    click(client, 'Accept estimate')
    await olivia.should_see(marker='unread-count', content='1', retries=40)
    await sam.should_see(marker='unread-count', content='3', retries=40)
