"""The bank transfer block of an invoice PDF: the account, the amount, the RF reference, and the EPC QR code
(GiroCode) a banking app scans to fill in the transfer. The code is drawn as vector squares (segno's matrix)."""
from __future__ import annotations

import segno
from reportlab.lib.colors import black
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle
from segno import helpers as segno_helpers

from domain.einvoices.transfer import TransferDetails, readable
from domain.formats import _, money
from integrations.pdf.layout import MUTED, Styles, text

QR_SIZE = 92  # points: about 32 mm, well above the 2 cm banks ask for


def epc_qr(details: TransferDetails) -> segno.QRCode:
    """The EPC QR code of a transfer (EPC069-12, version 002, UTF-8): payee, IBAN, BIC, amount, RF reference."""
    return segno_helpers.make_epc_qr(name=details.account_name, iban=details.iban, bic=details.bic or None,
                                     amount=details.amount / 100, reference=details.reference, encoding='utf-8')


class QrFlowable(Flowable):
    def __init__(self, code: segno.QRCode, size: float = QR_SIZE) -> None:
        super().__init__()
        self.matrix = [list(row) for row in code.matrix_iter(border=2)]
        self.width = self.height = size

    def draw(self) -> None:
        cells = len(self.matrix)
        cell = self.width / cells
        canvas = self.canv
        canvas.setFillColor(black)
        for y, row in enumerate(self.matrix):
            x = 0
            while x < cells:  # one rectangle per run of dark modules
                if row[x]:
                    start = x
                    while x < cells and row[x]:
                        x += 1
                    canvas.rect(start * cell, self.height - (y + 1) * cell, (x - start) * cell, cell, stroke=0,
                                fill=1)
                else:
                    x += 1


def transfer_block(details: TransferDetails, styles: Styles) -> list[Flowable]:
    caption = styles.paragraph('transfer-title', size=7.5, bold=True, color=MUTED, space_after=3)
    name_style = styles.paragraph('transfer-name', size=8.5, color=MUTED)
    value_style = styles.paragraph('transfer-value', size=8.5, bold=True)
    facts = [(_('Account holder'), details.account_name), ('IBAN', _grouped(details.iban))]
    if details.bic:
        facts.append(('BIC', details.bic))
    facts += [(_('Amount'), money(details.amount, 'EUR')), (_('Reference'), readable(details.reference))]
    rows = Table([[Paragraph(text(name), name_style), Paragraph(text(value), value_style)] for name, value in facts],
                 colWidths=[90, 230])
    rows.setStyle(TableStyle([('LEFTPADDING', (0, 0), (-1, -1), 0), ('TOPPADDING', (0, 0), (-1, -1), 1.5),
                              ('BOTTOMPADDING', (0, 0), (-1, -1), 1.5), ('VALIGN', (0, 0), (-1, -1), 'TOP')]))
    left: list[Flowable] = [Paragraph(text(_('Pay by bank transfer').upper()), caption), rows,
                            Paragraph(text(_('Scan the code with your banking app, or quote the reference.')),
                                      styles.paragraph('transfer-hint', size=7.5, color=MUTED))]
    parts = [[left, QrFlowable(epc_qr(details))]] if details.qr_possible else [[left, '']]
    table = Table(parts, colWidths=[340, QR_SIZE + 10])
    table.setStyle(TableStyle([('VALIGN', (0, 0), (-1, -1), 'TOP'), ('LEFTPADDING', (0, 0), (-1, -1), 0),
                               ('RIGHTPADDING', (0, 0), (-1, -1), 0)]))
    return [Spacer(1, 14), KeepTogether([table])]


def _grouped(iban: str) -> str:
    return ' '.join(iban[i:i + 4] for i in range(0, len(iban), 4))
