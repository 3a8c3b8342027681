from nicegui import APIRouter, ui

from components.access.sign_in import sign_in_card
from components.common.heading import Heading
from domain.business import profile as business
from domain.business.brand import readable_brand
from domain.formats import _
from domain.models import SessionKind

router = APIRouter()


@router.page('/portal/login')
async def login_page(next: str = '', expired: str = '') -> None:
    brand = await business.branding()
    ui.page_title(_('Sign in · {portal}').format(portal=brand.portal_name))
    ui.colors(primary=readable_brand(brand.brand_color))
    with ui.header().classes('bg-primary text-white px-4 py-3'):
        Heading(brand.portal_name, level=2)
    if not brand.portal_enabled:
        ui.label(_('The client portal is closed at the moment. Please contact the business.')) \
            .classes('mx-auto mt-16 text-lg').props('role=status')
        return
    sign_in_card(SessionKind.PORTAL, _('Sign in to your account'), next,
                 notice=_('That sign-in link has expired. Please sign in again.') if expired else '')
    with ui.row().classes('w-full justify-center'):
        ui.link(_('Forgot password?'), '/portal/forgot-password').classes('text-primary')
