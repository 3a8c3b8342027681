"""Portal settings and the business profile on a real database."""
import pytest

from domain import sessions
from domain.business import profile as business
from domain.business import settings as portal_settings
from domain.business.settings import BusinessForm, PortalSettingsForm
from domain.errors import Invalid
from domain.models import Business
from tests import factories


async def test_portal_settings_are_saved_and_shape_the_portal_branding(db):
    await factories.business(name='Northwind Studio', email='hello@northwind.example')
    actor = await factories.staff_actor()
    await portal_settings.save_portal_settings(actor, PortalSettingsForm(
        portal_enabled=False, portal_name=' Northwind Hub ', brand_color='#0F766E', banner_message=' Welcome! ',
        allow_forwarding=False, allow_company_edit=False, allow_partial_payments=True, activity_email=''))
    brand = await business.branding()
    assert (brand.portal_name, brand.brand_color, brand.banner_message, brand.portal_enabled) == \
        ('Northwind Hub', '#0f766e', 'Welcome!', False)
    saved = (await portal_settings.get_settings(actor)).portal
    assert (saved.allow_forwarding, saved.allow_company_edit, saved.allow_partial_payments) == (False, False, True)


async def test_activity_email_defaults_to_the_business_email(db):
    await factories.business(email='hello@northwind.example')
    actor = await factories.staff_actor()
    assert await portal_settings.activity_email_address() == 'hello@northwind.example'
    await portal_settings.save_portal_settings(actor, PortalSettingsForm(activity_email='Team@Northwind.example'))
    assert await portal_settings.activity_email_address() == 'team@northwind.example'


async def test_bad_settings_are_refused_and_nothing_is_saved(db):
    await factories.business(portal_name='Before')
    actor = await factories.staff_actor()
    with pytest.raises(Invalid) as error:
        await portal_settings.save_portal_settings(actor, PortalSettingsForm(
            portal_name='After', brand_color='teal', activity_email='team@', banner_message='x' * 501))
    assert set(error.value.fields) == {'brand_color', 'activity_email', 'banner_message'}
    assert (await Business.get()).portal_name == 'Before'


async def test_the_business_profile_is_cleaned_and_checked(db):
    await factories.business()
    actor = await factories.staff_actor()
    await portal_settings.save_business_profile(actor, BusinessForm(
        name='Northwind', email='Hello@Northwind.example', phone='+1 555 0100', website='northwind.example',
        address='12 Harbour St\nPortland', currency='gbp', timezone='Europe/London'))
    saved = await Business.get()
    assert (saved.email, saved.website, saved.currency, saved.timezone) == \
        ('hello@northwind.example', 'https://northwind.example', 'GBP', 'Europe/London')
    with pytest.raises(Invalid) as error:
        await portal_settings.save_business_profile(actor, BusinessForm(name='', email='x', currency='ABC',
                                                                        timezone='Nowhere/Else'))
    assert set(error.value.fields) == {'name', 'email', 'currency', 'timezone'}
    assert (await Business.get()).name == 'Northwind'


async def test_settings_can_be_saved_before_any_business_exists(db):
    actor = await factories.staff_actor()
    await portal_settings.save_business_profile(actor, BusinessForm(name='Fresh Start', email='owner@fresh.example'))
    assert (await Business.get()).name == 'Fresh Start'


async def test_a_page_load_reads_the_business_once_and_later_reads_see_changes(db, monkeypatch):
    row = await factories.business(portal_name='Northwind Client Portal', timezone='Europe/Berlin')
    token = await business.remember_for_request()
    try:
        await Business.filter(id=row.id).update(portal_name='Renamed Portal', timezone='Asia/Tokyo')
        assert (await business.branding()).portal_name == 'Northwind Client Portal'  # the page load's own read
        assert await business.timezone() == 'Europe/Berlin'
        monkeypatch.setattr(sessions.PageLoadRead, 'SECONDS', 0.0)  # a task the page started, later than a page load takes
        assert (await business.branding()).portal_name == 'Renamed Portal'
    finally:
        business.forget(token)
    monkeypatch.undo()
    assert await business.timezone() == 'Asia/Tokyo'  # the next request, or an event on the open page


async def test_sepa_debit_needs_a_valid_creditor_identifier_first(db):
    await factories.business(currency='EUR')
    owner = await factories.staff_actor()
    with pytest.raises(Invalid) as refused:
        await portal_settings.save_portal_settings(owner, PortalSettingsForm(sepa_debit_enabled=True))
    assert 'creditor identifier' in refused.value.fields['sepa_debit_enabled']
    with pytest.raises(Invalid) as refused:
        await portal_settings.save_business_profile(owner, BusinessForm(
            name='Northwind', email='books@northwind.example', currency='EUR', creditor_id='DE98ZZZ09999999998'))
    assert 'creditor_id' in refused.value.fields
    await portal_settings.save_business_profile(owner, BusinessForm(
        name='Northwind', email='books@northwind.example', currency='EUR', creditor_id='de98 zzz 09999999999'))
    await portal_settings.save_portal_settings(owner, PortalSettingsForm(sepa_debit_enabled=True))
    business = await Business.first()
    assert (business.creditor_id, business.sepa_debit_enabled) == ('DE98ZZZ09999999999', True)
