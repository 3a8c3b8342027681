from nicegui import APIRouter, ui

from components.access.sign_in import sign_in_card
from components.common.heading import Heading
from domain.business import profile as business
from domain.models import SessionKind

router = APIRouter()


@router.page('/staff/login')
async def login_page(next: str = '', expired: str = '') -> None:
    brand = await business.branding()
    ui.page_title(f'Staff sign in · {brand.business_name}')
    ui.colors(primary='#334155')
    ui.query('body').classes('bg-grey-1')
    with ui.header().classes('bg-primary text-white px-4 py-3'):
        Heading(f'{brand.business_name} · Staff', level=2)
    sign_in_card(SessionKind.STAFF, 'Staff sign in', next,
                 notice='That sign-in link has expired. Please sign in again.' if expired else '')
