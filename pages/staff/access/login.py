from nicegui import APIRouter, ui

from components.access.sign_in import sign_in_card
from components.common.heading import Heading
from domain.business import profile as business
from domain.formats import _
from domain.models import SessionKind

router = APIRouter()


@router.page('/staff/login')
async def login_page(next: str = '', expired: str = '') -> None:
    brand = await business.branding()
    ui.page_title(_('Staff sign in · {business}').format(business=brand.business_name))
    ui.colors(primary='#334155')
    with ui.header().classes('bg-primary text-white px-4 py-3'):
        Heading(_('{business} · Staff').format(business=brand.business_name), level=2)
    sign_in_card(SessionKind.STAFF, _('Staff sign in'), next,
                 notice=_('That sign-in link has expired. Please sign in again.') if expired else '')
