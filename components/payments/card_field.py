"""The card processor's card fields (number, expiry, CVC) as one element; see card_field.js.

Nothing typed into them passes through our server or its websocket: the browser sends them to the processor,
and only the processor's ids come back here.
"""
from __future__ import annotations

from typing import Any

from nicegui import ui

from domain.formats import _, current_language

BROWSER_WAIT = 600.0  # the bank's authentication step waits for the person


class CardField(ui.element, component='card_field.js', dependencies=['stripe_loader.js']):
    def __init__(self, publishable_key: str, script_url: str) -> None:
        super().__init__()
        self._props['publishableKey'] = publishable_key
        self._props['scriptUrl'] = script_url
        self._props['locale'] = current_language()
        self._props['texts'] = {'notReady': _('The card form is not ready.'),
                                'notConfirmed': _('Your card could not be confirmed.'),
                                'notAuthenticated': _('The authentication did not finish.')}

    async def confirm_setup(self, client_secret: str, billing_details: dict[str, Any]) -> dict[str, str]:
        """Confirm a SetupIntent with what the person typed: {'setup_intent': id} or {'error': message}."""
        return await self._ask('confirmSetup', client_secret, billing_details)

    async def authenticate(self, client_secret: str) -> dict[str, str]:
        """Run the bank's authentication step for a PaymentIntent: {'error': ''} when it finished."""
        return await self._ask('authenticate', client_secret)

    async def _ask(self, method: str, *args: Any) -> dict[str, str]:
        try:
            answer = await self.run_method(method, *args, timeout=BROWSER_WAIT)
        except TimeoutError:
            return {'error': _('Your browser did not answer in time.')}
        return answer if isinstance(answer, dict) else {'error': _('Your browser did not answer.')}
