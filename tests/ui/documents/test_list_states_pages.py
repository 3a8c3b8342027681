"""List rows tell everything that holds: the viewed state in words for screen readers, and both Overdue and
Partially paid when an invoice is both."""
from datetime import timedelta

from nicegui import ui
from nicegui.testing import User

from components.common.row_list import RowList
from domain import clock
from domain.formats import moment
from domain.models import Document, EstimateStatus, InvoiceStatus
from tests import factories
from tests.ui.conftest import sign_in


async def signed_in_staff(user: User):
    await user.open('/staff/login')
    await factories.business()
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    return await factories.contact('Acme')


def row_texts(user: User, number: str) -> list[str]:
    """Every text in the list row of document `number`, visible or for screen readers only."""
    (link,) = [link for link in user.find(kind=ui.link).elements
               if any(getattr(child, 'text', '') == number for child in link.descendants())]
    return [child.text for child in link.descendants() if isinstance(child, ui.label)]


async def test_each_staff_list_row_says_whether_the_client_has_viewed_it(user: User):
    acme = await signed_in_staff(user)
    viewed = await factories.invoice(acme, 1000)
    seen_at = clock.now() - timedelta(hours=2)
    await Document.filter(id=viewed.id).update(first_viewed_at=seen_at - timedelta(days=1), last_viewed_at=seen_at)
    unseen = await factories.invoice(acme, 2000)
    draft = await factories.invoice(acme, 3000, status=InvoiceStatus.DRAFT)
    await user.open('/staff/invoices')
    await user.should_see(viewed.number, retries=30)

    assert f'Viewed by the client, last {moment(seen_at)}' in row_texts(user, viewed.number)
    assert 'Not viewed by the client yet' in row_texts(user, unseen.number)
    assert not [text for text in row_texts(user, draft.number) if 'viewed' in text.lower()]
    hidden = [label for label in user.find(marker='viewed-state').elements]
    assert hidden and all('sr-only' in label.classes for label in hidden)
    eyes = [icon for icon in user.find(kind=ui.icon).elements if icon.props.get('name') == 'visibility']
    assert eyes and all(icon.props.get('aria-hidden') == 'true' for icon in eyes)


async def test_the_estimate_list_says_it_too(user: User):
    acme = await signed_in_staff(user)
    estimate = await factories.estimate(acme, 1000, status=EstimateStatus.SENT)
    await user.open('/staff/estimates')
    await user.should_see(estimate.number, retries=30)
    assert 'Not viewed by the client yet' in row_texts(user, estimate.number)


async def partly_paid_and_overdue(acme) -> Document:
    late = await factories.invoice(acme, 10000, issued=clock.today() - timedelta(days=60), due_in_days=30)
    await Document.filter(id=late.id).update(amount_paid=2500, status=InvoiceStatus.PARTIALLY_PAID)
    return late


async def test_staff_rows_show_overdue_and_partially_paid_together(user: User):
    acme = await signed_in_staff(user)
    late = await partly_paid_and_overdue(acme)
    just_late = await factories.invoice(acme, 10000, issued=clock.today() - timedelta(days=60), due_in_days=30)
    await user.open('/staff/invoices')
    await user.should_see(late.number, retries=30)
    assert {'Overdue', 'Partially paid'} <= set(row_texts(user, late.number))
    assert 'Partially paid' not in row_texts(user, just_late.number)


async def test_portal_rows_filtered_to_partially_paid_show_both_states(user: User):
    await factories.business()
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@acme.example')
    late = await partly_paid_and_overdue(acme)
    on_time = await factories.invoice(acme, 10000)
    await Document.filter(id=on_time.id).update(amount_paid=100, status=InvoiceStatus.PARTIALLY_PAID)
    await sign_in(user, 'portal', 'casey@acme.example')
    await user.open('/portal/invoices?status=partially_paid')
    await user.should_see(late.number, retries=30)
    (rows,) = user.find(kind=RowList).elements
    chips = {row.key: [cell.text for cell in row.cells if cell.chip] + [chip[0] for cell in row.cells
                                                                      for chip in cell.more_chips]
             for row in rows.rows}
    assert chips[str(late.id)] == ['Overdue', 'Partially paid']
    assert chips[str(on_time.id)] == ['Partially paid']
