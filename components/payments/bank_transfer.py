"""Pay by bank transfer, next to Pay Now on a client's invoice: the account, the amount, the RF reference to quote,
and the EPC QR code (GiroCode) a banking app scans, drawn on the server as SVG."""
from __future__ import annotations

from nicegui import ui

from domain.einvoices.transfer import TransferDetails, readable
from domain.formats import _, money
from integrations.pdf.transfer import epc_qr


def bank_transfer_panel(details: TransferDetails) -> None:
    with ui.card().classes('gap-2 w-full sm:w-auto').props('flat bordered').mark('bank-transfer'):
        ui.label(_('Pay by bank transfer')).classes('font-medium')
        with ui.row().classes('gap-4 items-start no-wrap max-sm:flex-wrap'):
            with ui.element('dl').classes('grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 text-sm'):
                for name, value in ((_('Account holder'), details.account_name),
                                    ('IBAN', ' '.join(details.iban[i:i + 4] for i in range(0, len(details.iban), 4))),
                                    *((('BIC', details.bic),) if details.bic else ()),
                                    (_('Amount'), money(details.amount, 'EUR')),
                                    (_('Reference'), readable(details.reference))):
                    with ui.element('dt').classes('text-grey-8'):
                        ui.label(name)
                    with ui.element('dd').classes('font-medium m-0'):
                        ui.label(value)
            if details.qr_possible:
                code = ui.image(epc_qr(details).svg_data_uri(scale=4, border=2)).classes('w-36 h-36')
                code.props['alt'] = _('QR code for your banking app: pays {amount} to {iban} with reference '
                                      '{reference}').format(amount=money(details.amount, 'EUR'), iban=details.iban,
                                                            reference=details.reference)
        ui.label(_('Scan the code with your banking app, or quote the reference.')).classes('text-xs text-grey-8')
