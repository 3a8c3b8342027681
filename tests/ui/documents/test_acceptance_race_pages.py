"""An estimate changes while someone is about to accept it (issue 32): the client's confirmation, or staff's "Mark as
accepted", is withdrawn when the page hears of the change, and refused by the server when it has not yet."""
import pytest
from nicegui import ui
from nicegui.testing import User

from components.documents.view import DocumentSheet
from domain.documents.estimates import get_estimate, mark_estimate
from domain.models import Document, DocumentKind, DocumentLine, EstimateAcceptance, EstimateStatus
from tests import factories
from tests.services.documents.test_acceptance_race import change_quantity
from tests.ui.conftest import choose, click, sign_in

CHANGED = 'This estimate was changed while you were reading it: its total is now $17,460.00.'


async def northwind(user: User, *, signature: bool = False) -> Document:
    """Acme's estimate for 6 hours of design at $90.00 ($540.00), sent; Alex at Acme may accept it."""
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio', require_signature=signature)
    await factories.staff('olivia@northwind.example', name='Olivia Owner')
    acme = await factories.contact('Acme Corporation')
    await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return await factories.document_with_lines(acme, [factories.line('Design', '6', 9000)],
                                               kind=DocumentKind.ESTIMATE)


async def changed_unheard(estimate: Document) -> None:
    """194 hours instead of 6, written where no live event tells the open pages (another process's, lost)."""
    await DocumentLine.filter(document_id=estimate.id).update(quantity=194, amount=1746000)
    await Document.filter(id=estimate.id).update(subtotal=1746000, total=1746000)


@pytest.mark.parametrize('signature', [False, True], ids=['one-click', 'signed'])
async def test_a_confirmation_left_open_while_staff_change_the_estimate_is_withdrawn_with_the_new_total(
        user: User, signature: bool):
    estimate = await northwind(user, signature=signature)
    await sign_in(user, 'portal', 'alex@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    click(user, 'Accept')
    await user.should_see(f'Accept estimate {estimate.number}?')
    await user.should_see('$540.00')

    await change_quantity(await factories.staff_actor(), estimate.id, '194')

    await user.should_see(CHANGED, retries=40)
    await user.should_not_see(f'Accept estimate {estimate.number}?')
    await user.should_see(kind=DocumentSheet, content='$17,460.00')
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


async def test_after_a_withdrawn_confirmation_the_client_accepts_the_estimate_as_it_now_is(user: User):
    estimate = await northwind(user)
    await sign_in(user, 'portal', 'alex@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    click(user, 'Accept')
    await user.should_see('You agree to the work and the total of $540.00.')
    await change_quantity(await factories.staff_actor(), estimate.id, '194')
    await user.should_see(CHANGED, retries=40)

    click(user, 'Accept')
    await user.should_see('You agree to the work and the total of $17,460.00.')
    await user.should_not_see(CHANGED)
    click(user, 'Accept estimate')
    await user.should_see('You accepted this estimate on', retries=30)
    record = await EstimateAcceptance.get(document_id=estimate.id)
    assert record.typed_name == 'Alex Morgan' and (await Document.get(id=estimate.id)).total == 1746000


async def test_accepting_a_change_the_page_has_not_heard_of_is_refused_with_the_new_total(user: User):
    estimate = await northwind(user)
    await sign_in(user, 'portal', 'alex@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    click(user, 'Accept')
    await user.should_see('You agree to the work and the total of $540.00.')

    await changed_unheard(estimate)
    click(user, 'Accept estimate')

    await user.should_see(CHANGED, retries=30)
    await user.should_see(kind=DocumentSheet, content='$17,460.00')
    await user.should_see(kind=ui.button, content='Accept')
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await EstimateAcceptance.exists()


async def test_staff_say_how_the_client_accepted_and_see_the_record_they_left(user: User):
    estimate = await northwind(user)
    await sign_in(user, 'staff', 'olivia@northwind.example')
    await user.open(f'/staff/estimates/{estimate.id}')
    choose(user, 'Mark as accepted')
    await user.should_see('for example by phone, with the total of $540.00.', retries=30)
    click(user, 'Mark as accepted')
    await user.should_see('Say how the client accepted it, for example by phone on 3 May.', retries=30)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT

    user.find('How the client accepted it').type('Alex said yes on the phone.')
    click(user, 'Mark as accepted')
    await user.should_see(f'{estimate.number} accepted.', retries=30)
    await user.should_see('Marked as accepted by staff', retries=30)
    await user.should_see('Marked as accepted by Olivia Owner on')
    await user.should_see('Alex said yes on the phone.')
    record = await EstimateAcceptance.get(document_id=estimate.id)
    await user.should_see(record.content_sha256)


async def test_staff_marking_an_estimate_a_colleague_just_changed_is_withdrawn_or_refused(user: User):
    estimate = await northwind(user)
    await sign_in(user, 'staff', 'olivia@northwind.example')
    await user.open(f'/staff/estimates/{estimate.id}')
    choose(user, 'Mark as accepted')
    await user.should_see('with the total of $540.00', retries=30)
    await change_quantity(await factories.staff_actor(), estimate.id, '194')
    await user.should_see(CHANGED, retries=40)
    await user.should_not_see('with the total of $540.00')

    choose(user, 'Mark as accepted')
    await user.should_see('with the total of $17,460.00', retries=30)
    await DocumentLine.filter(document_id=estimate.id).update(name='Design and build')  # unheard, as above
    user.find('How the client accepted it').type('By phone.')
    click(user, 'Mark as accepted')
    await user.should_see(CHANGED, retries=30)
    assert not await EstimateAcceptance.exists()
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


async def test_the_client_reads_that_staff_recorded_an_acceptance_given_outside_the_portal(user: User):
    estimate = await northwind(user)
    staff = await factories.staff_actor()
    page = await get_estimate(staff, estimate.id)
    await mark_estimate(staff, estimate.id, 'accept', 'Alex said yes on the phone.', shown_sha256=page.content_sha256)
    await sign_in(user, 'portal', 'alex@acme.example')
    await user.open(f'/portal/estimates/{estimate.id}')
    await user.should_see('Your acceptance of this estimate, given to us outside the portal, was recorded on',
                          retries=30)
    await user.should_not_see('You accepted this estimate')
