"""The staff side's second sign-in step: a code from the authenticator app, or its set-up when the business
requires it."""
from nicegui import APIRouter

from components.access.second_step_card import code_step, setup_step
from domain.models import SessionKind

router = APIRouter()


@router.page('/staff/login/code')
async def code_page(next: str = '') -> None:
    await code_step(SessionKind.STAFF, next)


@router.page('/staff/login/setup')
async def setup_page(next: str = '') -> None:
    await setup_step(SessionKind.STAFF, next)
