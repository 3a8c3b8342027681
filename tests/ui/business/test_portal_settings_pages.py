"""Staff set up the client portal and the business profile; clients see the result on the sign-in page."""
from nicegui import ui
from nicegui.testing import User

from domain.business.brand import contrast, tinted
from domain.models import Business
from tests import factories
from tests.ui.conftest import click, sign_in, until


async def signed_in_staff(user: User) -> None:
    await user.open('/staff/login')
    await factories.business(name='Northwind Studio', email='hello@northwind.example', portal_name='Old name')
    await factories.staff('owner@example.com', name='Olivia Owner')
    await sign_in(user, 'staff', 'owner@example.com')
    await user.open('/staff/settings')


def field(user: User, marker: str):
    (element,) = user.find(marker=marker).elements
    return element


async def error(user: User, marker: str) -> str | None:
    return field(user, marker).error


async def test_portal_name_and_colour_appear_on_the_client_sign_in_page(user: User):
    await signed_in_staff(user)
    assert 'Empty: the business email (hello@northwind.example).' in field(user, 'activity_email').props['hint']
    user.find(marker='portal_name').clear().type('Northwind Client Hub')
    user.find(marker='brand_color').clear().type('#0F766E')
    user.find(marker='banner_message').type('Invoices are due within 30 days.')
    user.find(marker='allow_forwarding').click()
    user.find(marker='allow_partial_payments').click()
    user.find(marker='activity_email').type('Activity@Northwind.example')
    click(user, 'Save portal settings')
    await user.should_see('Portal settings saved.', retries=30)

    business = await Business.get()
    assert (business.portal_name, business.brand_color, business.banner_message) == \
        ('Northwind Client Hub', '#0f766e', 'Invoices are due within 30 days.')
    assert (business.allow_forwarding, business.allow_partial_payments, business.activity_email) == \
        (False, True, 'activity@northwind.example')

    await user.open('/portal/login')
    await user.should_see('Northwind Client Hub', retries=30)
    (colors,) = user.find(kind=ui.colors).elements
    primary = colors.props['primary']  # the teal, a shade darker: readable on white and on a hovered button
    assert primary == '#0d6a63'
    assert contrast(primary, '#ffffff') >= 4.5 and contrast(primary, tinted(primary)) >= 4.5


async def test_turning_the_portal_off_closes_the_sign_in_page(user: User):
    await signed_in_staff(user)
    user.find(marker='portal_enabled').click()
    click(user, 'Save portal settings')
    await user.should_see('Portal settings saved.', retries=30)
    assert (await Business.get()).portal_enabled is False
    await user.open('/portal/login')
    await user.should_see('The client portal is closed at the moment. Please contact the business.', retries=30)


async def test_a_bad_colour_or_email_is_refused_next_to_the_field_and_nothing_changes(user: User):
    await signed_in_staff(user)
    user.find(marker='portal_name').clear().type('New name')
    user.find(marker='brand_color').clear().type('blue')
    user.find(marker='activity_email').type('activity@')
    click(user, 'Save portal settings')
    await until(lambda: error(user, 'brand_color'), equals='Enter a colour as # followed by six hex digits, like #1d4ed8.')
    assert field(user, 'activity_email').error == 'Enter a valid email address, like name@example.com.'
    business = await Business.get()
    assert (business.portal_name, business.brand_color, business.activity_email) == ('Old name', '#1d4ed8', '')


async def test_the_business_profile_is_saved_and_named_in_the_portal(user: User):
    await signed_in_staff(user)
    user.find(marker='name').clear().type('Northwind Design Studio')
    user.find(marker='phone').type('+1 555 0100')
    user.find(marker='website').type('northwind.example')
    user.find(marker='address').type('12 Harbour Street\nPortland')
    user.find(marker='currency').click()
    user.find('EUR').click()
    user.find(marker='timezone').click()
    user.find('Europe/Berlin').click()
    click(user, 'Save business profile')
    await user.should_see('Business profile saved.', retries=30)
    business = await Business.get()
    assert (business.name, business.phone, business.website, business.currency, business.timezone) == \
        ('Northwind Design Studio', '+1 555 0100', 'https://northwind.example', 'EUR', 'Europe/Berlin')
    assert business.address == '12 Harbour Street\nPortland'

    await user.open('/staff/login')
    await user.should_see('Northwind Design Studio · Staff', retries=30)


async def test_the_business_needs_a_name_and_a_valid_email(user: User):
    await signed_in_staff(user)
    user.find(marker='name').clear()
    user.find(marker='email').clear().type('hello at northwind')
    click(user, 'Save business profile')
    await until(lambda: error(user, 'name'), equals='Enter the business name.')
    assert field(user, 'email').error == 'Enter a valid email address, like name@example.com.'
    business = await Business.get()
    assert (business.name, business.email) == ('Northwind Studio', 'hello@northwind.example')


async def test_staff_choose_whether_accepting_an_estimate_asks_for_a_signature(user: User):
    await signed_in_staff(user)  # the test business starts without it
    assert field(user, 'require_signature').value is False
    user.find(marker='require_signature').click()
    click(user, 'Save portal settings')
    await user.should_see('Portal settings saved.', retries=30)
    assert (await Business.get()).require_signature is True
