"""My Account's saved bank accounts (SEPA mandates the person kept when paying by bank debit), each with "Remove",
which revokes the mandate. Shown only when the person has one."""
from __future__ import annotations

from collections.abc import Awaitable, Callable

from nicegui import ui

from components.common.dialogs import confirm
from components.common.forms import alert, run
from components.common.heading import Heading
from domain.actors import PortalActor
from domain.formats import _
from domain.payments.sepa import my_bank_accounts, revoke_mandate
from domain.payments.sepa_offer import MandateView


class SavedAccounts:
    def __init__(self, actor: PortalActor, on_change: Callable[[], Awaitable[None]] | None = None) -> None:
        self.actor = actor
        self.on_change = on_change  # after one was removed (automatic payment offers the accounts)
        self.area = ui.column().classes('w-full gap-2')

    async def show(self) -> None:
        accounts = (await run(my_bank_accounts(self.actor))).value
        self.area.clear()
        if not accounts:
            return
        with self.area:
            Heading(_('Saved bank accounts'), level=2)
            self.message = alert()
            with ui.card().classes('w-full gap-0 p-0').props('flat bordered'), \
                    ui.element('ul').classes('w-full list-none m-0 p-0') as listed:
                listed.props['aria-label'] = _('Saved bank accounts')
                for account in accounts:
                    self._account(account)

    def _account(self, account: MandateView) -> None:
        with ui.element('li').classes('w-full border-t first:border-t-0 px-4 py-3'), \
                ui.row().classes('w-full items-center justify-between gap-2'):
            with ui.row().classes('items-center gap-3 no-wrap min-w-0'):
                ui.icon('account_balance', size='1.5rem').classes('text-grey-8').props('aria-hidden=true')
                ui.label(account.label).classes('font-medium')
            ui.button(_('Remove'), on_click=lambda a=account: self.remove(a)) \
                .props('flat no-caps color=negative').props['aria-label'] = \
                _('Remove {account}').format(account=account.label)

    async def remove(self, account: MandateView) -> None:
        if not await confirm(_('Remove {account}?').format(account=account.label),
                             _('Its direct debit mandate is revoked: the account is not debited again, and automatic '
                               'payment from it stops.'), yes=_('Remove account'), danger=True):
            return
        await run(revoke_mandate(self.actor, account.id), message=self.message,
                  success=_('{account} removed.').format(account=account.label))
        await self.show()
        if self.on_change is not None:
            await self.on_change()
