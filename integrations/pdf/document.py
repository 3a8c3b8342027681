"""Estimates, invoices and retainer invoices as PDF: pure CPU work from plain data, no I/O.

`render_document_pdf` takes only picklable read models, so it can run in a worker process.
"""
from __future__ import annotations

import io
import math
from decimal import Decimal

from reportlab.lib.colors import Color, HexColor
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, Image, KeepTogether, Paragraph, Spacer, Table, TableStyle

from domain.documents.rules import MAX_AMOUNT
from domain.documents.views import BusinessView, DocumentView
from domain.formats import N_, _, day, moment, money, plain_number
from domain.models import label
from integrations.pdf.layout import (
    BAND,
    CONTENT_WIDTH,
    INK,
    MARGIN_X,
    MUTED,
    PAGE_SIZE,
    RULE,
    PageFrame,
    Styles,
    accent,
    build,
    letterhead,
    text,
)
from integrations.pdf.table import Column, RowTable, Text, TextStyle, translated
from integrations.pdf.text import fonts_for, unicode_fonts
from integrations.pdf.transfer import transfer_block

STAMPS: dict[str, str] = {  # display status: colour of the stamp, which says the status's label in capitals
    'paid': '#15803d',
    'accepted': '#15803d',
    'void': '#b91c1c',
    'declined': '#b91c1c',
    'overdue': '#b91c1c',
    'expired': '#b45309',
    'invoiced': '#6d28d9',
    'draft': '#6b7280',
}
LINE_COLUMNS = [  # titles translated when a PDF is made (`translated`)
    Column('#', 24, 'right'),
    Column(N_('Item & description')),
    Column(N_('Qty'), 52, 'right'),
    Column(N_('Rate'), 78, 'right'),
    Column(N_('Tax'), 44, 'right'),
    Column(N_('Amount'), 86, 'right'),
]
PAYMENT_COLUMNS = [Column(N_('Date'), 90), Column(N_('Payment mode'), 130), Column(N_('Reference')),
                   Column(N_('Amount'), 90, 'right')]
SUBJECTS = {'estimate': N_('Estimate for {name}'), 'invoice': N_('Invoice for {name}'),
            'retainer': N_('Retainer invoice for {name}'), 'credit': N_('Credit note for {name}')}


def quantity(value: Decimal) -> str:
    """A quantity as the reader writes numbers: '1.5' (en), '1,5' (de)."""
    return plain_number(value)


def percent(value: Decimal) -> str:
    return _('{percent}%').format(percent=plain_number(value))


def filename(view: DocumentView) -> str:
    return f'{view.number}.pdf'


def render_document_pdf(view: DocumentView, business: BusinessView, *, embed_fonts: bool = False) -> bytes:
    """The PDF of one estimate or invoice, as bytes; `embed_fonts` for a PDF/A (a Factur-X invoice)."""
    fonts = unicode_fonts() if embed_fonts else fonts_for(_texts(view, business))
    styles = Styles(fonts, accent(business.brand_color))
    story: list[Flowable] = [
        _letterhead(view, business, styles),
        Spacer(1, 14),
        _parties(view, styles),
        Spacer(1, 16),
        _lines(view, styles),
        Spacer(1, 10),
        _totals(view, styles),
        *(transfer_block(view.transfer, styles) if view.transfer is not None else []),
        *_notes(view, styles),
        *_acceptance(view, styles),
        *_payments(view, styles),
    ]
    colour = STAMPS.get(view.display_status)
    word = label(view.display_status).upper()
    frame = PageFrame(fonts, running_head=f'{business.name} · {view.title} {view.number}',
                      footer_left=f'{view.title} {view.number} · {business.name}',
                      first_page=(lambda canvas: _stamp(canvas, word, colour, styles)) if colour else None)
    return build(story, frame, title=f'{view.title} {view.number}', author=business.name,
                 subject=_(SUBJECTS[view.kind]).format(name=view.contact.name))


def _texts(view: DocumentView, business: BusinessView):
    yield from (business.name, business.email, business.phone, business.website, business.address)
    yield from (view.contact.name, view.contact.billing_address, view.contact.shipping_address, view.reference,
                view.notes, view.terms, money(-MAX_AMOUNT, view.currency), view.title, label(view.display_status),
                day(view.issue_date), _('Balance due'), _('Terms & conditions'), _('Item & description'))
    for line in view.lines:
        yield line.name
        yield line.description
    for payment in view.payments:
        yield payment.reference
    if view.acceptance is not None and not view.acceptance.by_staff:
        yield from (view.acceptance.typed_name, view.acceptance.person_name, moment(view.acceptance.accepted_at))


def _letterhead(view: DocumentView, business: BusinessView, styles: Styles) -> Flowable:
    left: list[Flowable] = [Paragraph(text(business.name), styles.paragraph('business', size=15, bold=True,
                                                                           color=styles.accent, space_after=4))]
    small = styles.paragraph('from', size=8.5, color=MUTED)
    contact_lines = [business.address, business.email, business.phone, business.website]
    left += [Paragraph(text(value), small) for value in contact_lines if value.strip()]

    heading = styles.paragraph('title', size=21, bold=True, color=INK, right=True, leading=24)
    right: list[Flowable] = [
        Paragraph(text(view.title.upper()), heading),
        Paragraph(f'# {text(view.number)}', styles.paragraph('number', size=10, color=MUTED, right=True,
                                                            space_after=10)),
        Paragraph(text(_('Total') if view.is_estimate else _('Credit remaining') if view.is_credit_note
                       else _('Balance due')),
                  styles.paragraph('due-label', size=8, color=MUTED, right=True)),
        Paragraph(text(money(_headline_amount(view), view.currency)),
                  styles.paragraph('due', size=15, bold=True, right=True, leading=19)),
    ]
    return letterhead(left, right, styles)


def _headline_amount(view: DocumentView) -> int:
    if view.is_estimate:
        return view.total
    return 0 if view.status == 'void' else view.balance


def _parties(view: DocumentView, styles: Styles) -> Flowable:
    caption = styles.paragraph('caption', size=7.5, bold=True, color=MUTED, space_after=3)
    body = styles.paragraph('party', size=9)
    bill = [Paragraph(text(_('Bill to').upper()), caption),
            Paragraph(text(view.contact.name), styles.paragraph('name', bold=True)),
            Paragraph(text(view.contact.billing_address), body)]
    ship = [Paragraph(text(_('Ship to').upper()), caption),
            Paragraph(text(view.contact.shipping_address or '—'), body)] \
        if view.contact.shipping_address.strip() else []
    date_name = _('Estimate date') if view.is_estimate else _('Credit note date') if view.is_credit_note \
        else _('Invoice date')
    facts = [(date_name, day(view.issue_date))]
    if view.is_estimate:
        facts.append((_('Expiry date'), day(view.expiry_date) or '—'))
    elif not view.is_credit_note:
        facts.append((_('Due date'), day(view.due_date) or '—'))
    if view.delivery_date:
        facts.append((_('Delivery date'), day(view.delivery_date)))
    if view.period:
        facts.append((_('Service period'), f'{day(view.period[0])} - {day(view.period[1])}'))
    if view.reference:
        facts.append((_('Reference'), view.reference))
    facts.append((_('Status'), label(view.display_status)))
    fact_name = styles.paragraph('fact-name', size=8.5, color=MUTED, right=True)
    fact_value = styles.paragraph('fact-value', size=8.5, bold=True, right=True)
    meta = Table([[Paragraph(text(name), fact_name), Paragraph(text(value), fact_value)] for name, value in facts],
                 colWidths=[78, 112])
    meta.setStyle(TableStyle([('LEFTPADDING', (0, 0), (-1, -1), 0), ('RIGHTPADDING', (0, 0), (-1, -1), 0),
                              ('TOPPADDING', (0, 0), (-1, -1), 1.5), ('BOTTOMPADDING', (0, 0), (-1, -1), 1.5),
                              ('VALIGN', (0, 0), (-1, -1), 'TOP')]))
    side = (CONTENT_WIDTH - 190) / 2
    table = Table([[bill, ship, meta]], colWidths=[side, side, 190])
    table.setStyle(TableStyle([('VALIGN', (0, 0), (-1, -1), 'TOP'),
                               ('LEFTPADDING', (0, 0), (-1, -1), 0), ('RIGHTPADDING', (0, 0), (1, 0), 12),
                               ('RIGHTPADDING', (2, 0), (2, 0), 0),
                               ('TOPPADDING', (0, 0), (-1, -1), 0), ('BOTTOMPADDING', (0, 0), (-1, -1), 0)]))
    return table


def _lines(view: DocumentView, styles: Styles) -> Flowable:
    look = styles.table_look()
    strong = TextStyle(styles.fonts.bold, 9, look.body.color)
    muted = TextStyle(styles.fonts.regular, 8, (0.36, 0.40, 0.45))
    faint = TextStyle(styles.fonts.regular, 8.5, (0.45, 0.48, 0.52))
    currency = view.currency
    rows = []
    for position, line in enumerate(view.lines, start=1):
        item = (Text(line.name, strong), Text(line.description.strip(), muted)) if line.description.strip() \
            else (Text(line.name, strong),)
        rows.append(((Text(str(position), faint),), item, quantity(line.quantity), money(line.rate, currency),
                     percent(line.tax_percent) if line.tax_percent else '—',
                     money(line.amount, currency)))
    return RowTable(translated(LINE_COLUMNS), rows, look)


def _totals(view: DocumentView, styles: Styles) -> Flowable:
    currency = view.currency
    rows: list[tuple[str, str, bool]] = [(_('Sub total'), money(view.subtotal, currency), False)]
    rows += [(_('Tax ({percent}%)').format(percent=plain_number(rate)), money(amount, currency), False)
             for rate, amount in view.taxes]
    rows.append((_('Total'), money(view.total, currency), True))
    total_row = len(rows) - 1
    balance_row = None
    if view.is_credit_note:
        rows.append((_('Credit used'), money(-view.amount_paid if view.amount_paid else 0, currency), False))
        if view.status != 'void':
            rows.append((_('Credit remaining'), money(view.balance, currency), True))
            balance_row = len(rows) - 1
    elif not view.is_estimate:
        rows.append((_('Amount paid'), money(-view.amount_paid if view.amount_paid else 0, currency), False))
        if view.status != 'void':
            rows.append((_('Balance due'), money(view.balance, currency), True))
            balance_row = len(rows) - 1
    cells = [[Paragraph(text(name), styles.paragraph(f'total-name-{n}', size=9.5 if strong else 9, bold=strong,
                                                     color=INK if strong else MUTED, right=True)),
              Paragraph(text(value), styles.paragraph(f'total-value-{n}', size=9.5 if strong else 9, bold=strong,
                                                      right=True))]
             for n, (name, value, strong) in enumerate(rows)]
    table = Table(cells, colWidths=[140, 100], hAlign='RIGHT')
    commands: list[tuple[object, ...]] = [('LEFTPADDING', (0, 0), (-1, -1), 5), ('RIGHTPADDING', (0, 0), (-1, -1), 5),
                ('TOPPADDING', (0, 0), (-1, -1), 3), ('BOTTOMPADDING', (0, 0), (-1, -1), 3),
                ('VALIGN', (0, 0), (-1, -1), 'MIDDLE')]
    commands.append(('LINEABOVE', (0, total_row), (-1, total_row), 0.8, RULE))
    if balance_row is not None:
        commands.append(('BACKGROUND', (0, balance_row), (-1, balance_row), BAND))
    table.setStyle(TableStyle(commands))
    return KeepTogether([table])


def _section_title(title: str, styles: Styles) -> Paragraph:
    return Paragraph(text(title.upper()), styles.paragraph('section', size=7.5, bold=True, color=MUTED,
                                                           space_after=3))


def _notes(view: DocumentView, styles: Styles) -> list[Flowable]:
    flowables: list[Flowable] = []
    body = styles.paragraph('notes', size=8.5, color=INK, leading=12)
    for title, value in ((_('Notes'), view.notes), (_('Terms & conditions'), view.terms)):
        if value.strip():
            flowables += [Spacer(1, 14), KeepTogether([_section_title(title, styles)]), Paragraph(text(value), body)]
    return flowables


def _acceptance(view: DocumentView, styles: Styles) -> list[Flowable]:
    """"Accepted by NAME on DATE" with the signature, and what identifies the content that was accepted (the
    client's own acceptance: staff marking it accepted is the business's internal record)."""
    accepted = view.acceptance
    if accepted is None or accepted.by_staff:
        return []
    body = styles.paragraph('accepted', size=9.5, bold=True, color=INK, space_after=4)
    small = styles.paragraph('accepted-detail', size=7, color=MUTED, leading=9)
    parts: list[Flowable] = [_section_title(_('Acceptance'), styles),
                             Paragraph(text(_('Accepted by {name} on {date}').format(
                                 name=accepted.typed_name, date=moment(accepted.accepted_at))), body)]
    if accepted.signature_png:
        image = Image(io.BytesIO(accepted.signature_png))
        scale = min(200 / image.imageWidth, 60 / image.imageHeight)
        image.drawWidth, image.drawHeight = image.imageWidth * scale, image.imageHeight * scale
        image.hAlign = 'LEFT'
        parts.append(image)
    if accepted.ip:
        detail = _('Signed in as {name} ({email}) from {address}. Content SHA-256: {hash}').format(
            name=accepted.person_name, email=accepted.person_email, address=accepted.ip, hash=accepted.content_sha256)
    else:
        detail = _('Signed in as {name} ({email}) from an unknown address. Content SHA-256: {hash}').format(
            name=accepted.person_name, email=accepted.person_email, hash=accepted.content_sha256)
    parts.append(Paragraph(text(detail), small))
    return [Spacer(1, 14), KeepTogether(parts)]


def _payments(view: DocumentView, styles: Styles) -> list[Flowable]:
    if view.is_estimate or not view.payments:
        return []
    look = styles.table_look()
    rows = [(day(p.date), label(p.mode), p.reference or '—', money(p.amount, view.currency)) for p in view.payments]
    return [Spacer(1, 14), _section_title(_('Payments received'), styles),
            RowTable(translated(PAYMENT_COLUMNS), rows, look)]


def _stamp(canvas: Canvas, word: str, color: str, styles: Styles) -> None:
    """A rubber-stamp mark across the top of page 1: PAID, VOID, ACCEPTED..."""
    ink: Color = HexColor(color)
    size = 22
    width = canvas.stringWidth(word, styles.fonts.bold.name, size) + 2.5 * (len(word) - 1) + 28
    canvas.saveState()
    canvas.translate(MARGIN_X + CONTENT_WIDTH * 0.57, PAGE_SIZE[1] - 108)
    canvas.rotate(math.degrees(math.atan2(1, 6)))
    canvas.setStrokeColor(ink, alpha=0.8)
    canvas.setFillColor(ink, alpha=0.8)
    canvas.setLineWidth(2.5)
    canvas.roundRect(-width / 2, -size * 0.62, width, size * 1.45, 6, stroke=1, fill=0)
    text_object = canvas.beginText()
    text_object.setFont(styles.fonts.bold.name, size)
    text_object.setCharSpace(2.5)
    text_object.setTextOrigin(-width / 2 + 14, -size * 0.3 + 2)
    text_object.textOut(word)
    canvas.drawText(text_object)
    canvas.restoreState()
