"""How a page runs a use case (components/common/forms.run), the same on both sides: bad input is said under its
field, a refusal in the form's message line (or a toast where there is none), and an ended session takes the person
to the sign-in page of their own side. The two-step sign-in card is on both sides, so it shows all three. In a live
update the same use case leaves an ended session to the follower, which keeps the page as it is."""
import asyncio

import pytest
from nicegui import ui
from nicegui.testing import User

from components.common.live import SESSION_ENDED
from domain.access.second_factor import WRONG_SETUP_CODE
from domain.events import Event, EventKind, publish
from domain.models import Session
from tests import factories
from tests.second_factor_support import protect
from tests.ui.conftest import click, sign_in

PAGES = {'portal': '/portal/account', 'staff': '/staff/two-step-sign-in'}
SIGN_IN = {'portal': 'Sign in to your account', 'staff': 'Staff sign in'}


async def signed_in(user: User, side: str) -> dict:
    """Sign in on `side`; the keyword that names the person to `protect`."""
    await user.open(f'/{side}/login')
    await factories.business(name='Northwind')
    if side == 'portal':
        casey = await factories.person(await factories.contact('Acme'), 'casey@acme.example')
        await sign_in(user, side, 'casey@acme.example')
        return {'person': casey}
    olivia = await factories.staff('olivia@northwind.example', name='Olivia Owner')
    await sign_in(user, side, 'olivia@northwind.example')
    return {'staff': olivia}


def the(user: User, marker: str) -> ui.input:
    return next(iter(user.find(marker=marker).elements))


@pytest.mark.parametrize('side', ['portal', 'staff'])
async def test_bad_input_goes_under_its_field_and_a_refusal_into_the_message_or_a_toast(user: User, side: str):
    who = await signed_in(user, side)
    await user.open(PAGES[side])
    click(user, 'Set up two-step sign-in')
    await user.should_see('Cannot scan it?')
    user.find(marker='setup-code').type('12345')
    click(user, 'Turn on two-step sign-in')
    await user.should_see(WRONG_SETUP_CODE)
    assert the(user, 'setup-code').error == WRONG_SETUP_CODE  # under the field

    await protect(**who)  # switched on in another tab meanwhile: this set-up can no longer finish (Conflict)
    user.find(marker='setup-code').clear().type('123456')
    click(user, 'Turn on two-step sign-in')
    await user.should_see('This set-up has expired or is finished already. Please start again.')
    assert the(user, 'setup-code').error is None  # in the form's message line, not under the field
    assert not user.notify.contains('This set-up has expired')

    click(user, 'Cancel')
    await user.should_see('Off. Protect your account')  # as the page last knew it
    click(user, 'Set up two-step sign-in')  # a button without a form around it: the refusal is a toast
    await user.should_see('Two-step sign-in is already on.')
    assert user.notify.contains('Two-step sign-in is already on.')


@pytest.mark.parametrize('side', ['portal', 'staff'])
async def test_an_ended_session_goes_to_the_sign_in_page_of_the_same_side(user: User, side: str):
    await signed_in(user, side)
    await user.open(PAGES[side])
    await Session.all().delete()  # signed out in another tab
    click(user, 'Set up two-step sign-in')
    await user.should_see(SIGN_IN[side], retries=20)
    assert user.back_history[-1] == f'/{side}/login'
    assert user.notify.contains('Your session has ended. Please sign in again.')


async def test_in_a_live_update_an_ended_session_keeps_the_page_and_says_it_no_longer_updates(user: User):
    casey = await signed_in(user, 'portal')
    await user.open('/portal/invoices')  # its list reloads through the same helper when the company's data changes
    await user.should_see('There are no invoices yet.')
    await Session.all().delete()
    await publish(Event(EventKind.DOCUMENT_CREATED, contact_id=casey['person'].contact_id))
    for _ in range(40):
        if user.notify.contains(SESSION_ENDED):
            break
        await asyncio.sleep(0.05)
    assert user.notify.contains(SESSION_ENDED)
    assert user.back_history[-1] == '/portal/invoices'  # not taken away from the page
    await user.should_see('There are no invoices yet.')  # the list stays as it was
    assert not user.notify.contains('Your session has ended. Please sign in again.')
