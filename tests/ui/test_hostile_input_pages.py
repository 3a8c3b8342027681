"""Control characters, amounts past the bounds and far-off dates get a message under the field that holds them, and
nothing is saved, on the portal and on the staff side."""
from nicegui import ui
from nicegui.testing import User

from domain.models import Business, Contact, Document, EstimateStatus, Payment
from tests import factories
from tests.ui.conftest import choose, click, sign_in
from tests.ui.documents.test_staff_invoices import signed_in, type_line

CONTROL = 'Remove the control characters (such as NUL or a line break) from this field.'
CONTROL_TEXT = 'Remove the control characters (such as NUL) from this text.'


def error_of(user: User, label: str) -> str | None:
    """The message shown under the input labelled `label`."""
    return user.find(label).elements.pop().error


async def test_a_client_typing_a_nul_into_company_details_is_told_under_the_field(user: User):
    await user.open('/portal/login')
    await factories.business(allow_company_edit=True)
    acme = await factories.contact('Acme')
    await factories.person(acme, 'casey@example.com')
    await sign_in(user, 'portal', 'casey@example.com')
    await user.open('/portal/company')
    user.find('Company name').clear().type('Acme\x00 Holdings')
    user.find('Billing address').clear().type('1 Main Street\x07\nSpringfield')
    click(user, 'Save company details')
    await user.should_see(CONTROL)
    assert error_of(user, 'Company name') == CONTROL
    assert error_of(user, 'Billing address') == CONTROL_TEXT
    assert (await Contact.get(id=acme.id)).company_name == 'Acme'


async def test_staff_see_bounds_and_date_range_under_the_invoice_fields_and_nothing_is_saved(user: User):
    acme = await signed_in(user)
    await user.open(f'/staff/invoices/new?contact={acme.id}')
    type_line(user, 1, 'Everything\x00', '999999999.999', '99999999999.99')
    user.find('Invoice date').clear().type('9999-12-31')
    click(user, 'Save as draft')
    await user.should_see('Enter at most 10,000,000,000.00.', retries=30)
    await user.should_see('Enter a date between 1900 and 2200.')
    await user.should_see(CONTROL)
    assert error_of(user, 'Invoice date') == 'Enter a date between 1900 and 2200.'
    with user.scope(marker='line-1'):
        assert error_of(user, 'Item') == CONTROL
        assert error_of(user, 'Rate') == 'Enter at most 10,000,000,000.00.'
    assert not await Document.exists()


async def test_an_offline_payment_past_the_bound_is_refused_under_the_amount(user: User):
    acme = await signed_in(user)
    await factories.invoice(acme, 25000)
    await user.open(f'/staff/payments/new?contact={acme.id}')
    await user.should_see('From Acme Corporation', retries=30)
    user.find('Amount received').clear().type('10000000000.01')
    user.find('Notes').type('by phone\x1b')
    click(user, 'Record payment')
    await user.should_see('Enter at most 10,000,000,000.00.', retries=30)
    assert error_of(user, 'Amount received') == 'Enter at most 10,000,000,000.00.'
    assert error_of(user, 'Notes') == CONTROL_TEXT
    assert not await Payment.exists()


async def test_the_banner_and_business_name_refuse_control_characters_in_settings(user: User):
    await signed_in(user)
    await user.open('/staff/settings')
    user.find('Banner message for the client dashboard').type('Closed on Friday\x00')
    click(user, 'Save portal settings')
    await user.should_see(CONTROL_TEXT, retries=30)
    assert error_of(user, 'Banner message for the client dashboard') == CONTROL_TEXT
    assert (await Business.get()).banner_message == ''


async def test_a_decline_reason_with_a_control_character_keeps_the_dialog_open_with_the_message(user: User):
    acme = await signed_in(user)
    estimate = await factories.estimate(acme, 45000)
    await user.open(f'/staff/estimates/{estimate.id}')
    choose(user, 'Mark as declined')
    await user.should_see('Do this when the client declined it outside the portal.', retries=30)
    user.find('Reason (optional)').type('Too dear\x07')
    user.find(kind=ui.button, content='Mark as declined').click()
    await user.should_see(CONTROL_TEXT, retries=30)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    user.find('Reason (optional)').clear().type('Too dear')
    user.find(kind=ui.button, content='Mark as declined').click()
    await user.should_see(f'{estimate.number} declined.', retries=30)
    stored = await Document.get(id=estimate.id)
    assert (stored.status, stored.decline_reason) == (EstimateStatus.DECLINED, 'Too dear')
