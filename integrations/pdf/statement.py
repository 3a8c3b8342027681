"""Statements of accounts as PDF: the same `Statement` the portal shows, on paper.

`statement_pdf` reads the lines on the event loop a chunk at a time (each chunk is a short piece of work between
awaits), packs them as plain tuples (they pickle several times faster than dataclasses) and renders them with
`render_packed_statement` in a worker process (`off_loop`). The render is pure CPU work: `RowTable` lays out every
line once and splits the table at page breaks without measuring anything twice, so time grows linearly with the
number of lines, and the table header and "Page X of Y" are on every page.
"""
from __future__ import annotations

import dataclasses
from collections.abc import Iterable, Iterator, Sequence
from datetime import date

from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table, TableStyle

from domain import formats
from domain.business import profile
from domain.documents.rules import AGEING_LABELS, MAX_AMOUNT
from domain.documents.views import BusinessView, load_business
from domain.errors import NotFound
from domain.formats import N_, _, day, money
from domain.statements.rules import StatementEntry, StatementLine
from domain.statements.statement import Chunk, Statement, all_statement_lines, build_statement
from domain.statements.text import statement_file_name, transaction_text
from integrations.pdf import off_loop, reader_for, rendering
from integrations.pdf.layout import CONTENT_WIDTH, INK, MUTED, PageFrame, Styles, accent, build, letterhead, text
from integrations.pdf.table import Column, RowTable, Text, TextStyle, translated
from integrations.pdf.text import fonts_for

READ_CHUNK = 500  # lines read per query: each chunk keeps the event loop busy for a few milliseconds only
TITLE = N_('Statement of accounts')
LINE_COLUMNS = [  # titles translated when a PDF is made (`translated`)
    Column(N_('Date'), 64),
    Column(N_('Transaction')),
    Column(N_('Amount'), 80, 'right'),
    Column(N_('Payments'), 80, 'right'),
    Column(N_('Balance'), 86, 'right'),
]
AGEING_COLUMNS = [*(Column(name, 0, 'right') for name in AGEING_LABELS), Column(N_('Total due'), 0, 'right')]

# (day, kind, id, number, amount, paid, document_kind, due_date, mode, applied_to, balance)
PackedLine = tuple[date, str, int, str, int, int, str, date | None, str, tuple[str, ...], int, int, str]


def statement_filename(statement: Statement, language: str | None = None) -> str:
    """'Statement-Acme-Corporation-2026-01-01-2026-12-31.pdf' in the PDF's language (`statement_file_name`)."""
    with formats.reading(reader_for(language or statement.pdf_language)[0]):
        return statement_file_name(statement.contact_name, statement.start, statement.end)


async def statement_pdf(statement: Statement, business: BusinessView | None = None, *,
                        language: str | None = None) -> bytes:
    """The PDF of a statement whose access the caller has already checked, with every line of its period, in
    `language`, else the statement's `pdf_language`, else the reader's."""
    lines = [pack(line) async for line in all_statement_lines(statement, chunk=READ_CHUNK)]
    header = dataclasses.replace(statement, first=Chunk([], None))
    return await off_loop(render_packed_statement, header, lines, business or await load_business(),
                          *reader_for(language or statement.pdf_language))


async def render_statement_attachment(spec: dict) -> tuple[str, bytes] | None:
    """The statement PDF an email carries (`render_attachment`), in the spec's language (English without one); None
    for a spec that names no contact or period, or a contact deleted since."""
    contact_id, language = spec.get('statement_of'), spec.get('language')
    if not isinstance(contact_id, int) or isinstance(contact_id, bool):
        return None
    try:
        start, end = date.fromisoformat(spec.get('start', '')), date.fromisoformat(spec.get('end', ''))
        statement = await build_statement(contact_id, start, end)
    except (TypeError, ValueError, NotFound):
        return None
    language = formats.language_code(language if isinstance(language, str) else None)
    with formats.reading(language, await profile.timezone()):
        return statement_filename(statement, language), await statement_pdf(statement, language=language)


def pack(line: StatementLine) -> PackedLine:
    entry = line.entry
    return (entry.day, entry.kind, entry.id, entry.number, entry.amount, entry.paid, entry.document_kind,
            entry.due_date, entry.mode, entry.applied_to, line.balance, entry.applied, entry.source)


def unpack(lines: Iterable[PackedLine]) -> Iterator[StatementLine]:
    for day_, kind, id_, number, amount, paid, document_kind, due_date, mode, applied_to, balance, applied, source \
            in lines:
        yield StatementLine(StatementEntry(day_, kind, id_, number, amount, paid, document_kind, due_date, mode,
                                           applied_to, applied, source), balance)


def render_packed_statement(statement: Statement, lines: list[PackedLine], business: BusinessView,
                            language: str = 'en', zone: str = 'UTC') -> bytes:
    """`render_statement_pdf` for packed lines, in a worker process (or a thread outside a running app)."""
    with rendering(), formats.reading(language, zone):
        return render_statement_pdf(statement, list(unpack(lines)), business)


def render_statement_pdf(statement: Statement, lines: Sequence[StatementLine], business: BusinessView) -> bytes:
    """The PDF of a statement and all of its lines, as bytes."""
    fonts = fonts_for(_texts(statement, business, lines))
    styles = Styles(fonts, accent(business.brand_color))
    period = _('{start} to {end}').format(start=day(statement.start), end=day(statement.end))
    title = _(TITLE)
    story: list[Flowable] = [
        _letterhead(statement, business, styles, period),
        Spacer(1, 14),
        _parties(statement, styles, period),
        Spacer(1, 16),
        _section_title(_('Transactions'), styles),
        _lines(statement, lines, styles),
        Spacer(1, 16),
        _ageing(statement, styles),
    ]
    frame = PageFrame(fonts, running_head=f'{business.name} · {title} · {statement.contact_name}',
                      footer_left=f'{title} · {statement.contact_name} · {period}')
    return build(story, frame, title=_('Statement of accounts: {name}, {period}').format(
        name=statement.contact_name, period=period), author=business.name,
        subject=_('Statement of accounts for {name}').format(name=statement.contact_name))


def _texts(statement: Statement, business: BusinessView, lines: Sequence[StatementLine]) -> Iterator[str]:
    yield from (business.name, business.email, business.phone, business.website, business.address)
    yield from (statement.contact_name, statement.contact_address, money(-MAX_AMOUNT, statement.currency),
                day(statement.start), _(TITLE), _('Account summary'), _('Opening balance'), _('Balance due'))
    for line in lines:
        yield line.entry.number
        yield from line.entry.applied_to


def _letterhead(statement: Statement, business: BusinessView, styles: Styles, period: str) -> Flowable:
    left: list[Flowable] = [Paragraph(text(business.name), styles.paragraph('business', size=15, bold=True,
                                                                           color=styles.accent, space_after=4))]
    small = styles.paragraph('from', size=8.5, color=MUTED)
    left += [Paragraph(text(value), small) for value in
             (business.address, business.email, business.phone, business.website) if value.strip()]
    right: list[Flowable] = [
        Paragraph(text(_(TITLE).upper()), styles.paragraph('title', size=15, bold=True, color=INK, right=True,
                                                          leading=19)),
        Paragraph(text(period), styles.paragraph('period', size=10, color=MUTED, right=True, space_after=10)),
        Paragraph(text(_('Balance due')), styles.paragraph('due-label', size=8, color=MUTED, right=True)),
        Paragraph(text(money(statement.closing_balance, statement.currency)),
                  styles.paragraph('due', size=15, bold=True, right=True, leading=19)),
    ]
    return letterhead(left, right, styles)


def _parties(statement: Statement, styles: Styles, period: str) -> Flowable:
    """Who the statement is for, and the account summary of the period."""
    caption = styles.paragraph('caption', size=7.5, bold=True, color=MUTED, space_after=3)
    to: list[Flowable] = [Paragraph(text(_('To').upper()), caption),
                          Paragraph(text(statement.contact_name), styles.paragraph('name', bold=True))]
    if statement.contact_address.strip():
        to.append(Paragraph(text(statement.contact_address), styles.paragraph('party', size=9)))
    currency = statement.currency
    facts = [(_('Period'), period, False),
             (_('Opening balance'), money(statement.opening_balance, currency), False),
             (_('Invoiced amount'), money(statement.invoiced, currency), False),
             (_('Amount received'), money(statement.received, currency), False),
             (_('Balance due'), money(statement.closing_balance, currency), True)]
    summary = Table(
        [[Paragraph(text(name), styles.paragraph(f'fact-name-{n}', size=8.5, color=INK if strong else MUTED,
                                                  bold=strong, right=True)),
          Paragraph(text(value), styles.paragraph(f'fact-value-{n}', size=8.5, bold=True, right=True))]
         for n, (name, value, strong) in enumerate(facts)],
        colWidths=[100, 130])
    summary.setStyle(TableStyle([('LEFTPADDING', (0, 0), (-1, -1), 0), ('RIGHTPADDING', (0, 0), (-1, -1), 0),
                                 ('TOPPADDING', (0, 0), (-1, -1), 1.5), ('BOTTOMPADDING', (0, 0), (-1, -1), 1.5),
                                 ('VALIGN', (0, 0), (-1, -1), 'TOP')]))
    caption_right = styles.paragraph('caption-right', size=7.5, bold=True, color=MUTED, right=True, space_after=3)
    table = Table([[to, [Paragraph(text(_('Account summary').upper()), caption_right), summary]]],
                  colWidths=[CONTENT_WIDTH - 240, 240])
    table.setStyle(TableStyle([('VALIGN', (0, 0), (-1, -1), 'TOP'),
                               ('LEFTPADDING', (0, 0), (-1, -1), 0), ('RIGHTPADDING', (0, 0), (0, 0), 12),
                               ('RIGHTPADDING', (1, 0), (1, 0), 0),
                               ('TOPPADDING', (0, 0), (-1, -1), 0), ('BOTTOMPADDING', (0, 0), (-1, -1), 0)]))
    return table


def _section_title(title: str, styles: Styles) -> Paragraph:
    return Paragraph(text(title.upper()), styles.paragraph('section', size=7.5, bold=True, color=MUTED,
                                                           space_after=4))


def _lines(statement: Statement, lines: Sequence[StatementLine], styles: Styles) -> Flowable:
    """One table from the opening balance to the balance due: the header and page numbers carry onto each page."""
    look = styles.table_look()
    strong = TextStyle(styles.fonts.bold, 9, look.body.color)
    muted = TextStyle(styles.fonts.regular, 8, (0.36, 0.40, 0.45))
    currency = statement.currency
    rows: list[tuple] = [(day(statement.start), (Text(_('Opening balance'), strong),), '', '',
                          (Text(money(statement.opening_balance, currency), strong),))]
    for line in lines:
        entry = line.entry
        title, details = transaction_text(entry, currency)
        transaction = (Text(title, strong), Text(details, muted)) if details else (Text(title, strong),)
        rows.append((day(entry.day), transaction,
                     money(entry.amount, currency) if entry.owed else '',
                     money(entry.paid, currency) if entry.kind in ('payment', 'credit_note') else '',
                     money(line.balance, currency)))
    rows.append((day(statement.end), (Text(_('Balance due'), strong),), '', '',
                 (Text(money(statement.closing_balance, currency), strong),)))
    return RowTable(translated(LINE_COLUMNS), rows, look)


def _ageing(statement: Statement, styles: Styles) -> Flowable:
    """What was due at the end of the period, by how long past its due date: kept together on one page."""
    ageing = statement.ageing
    currency = statement.currency
    row: tuple[str | tuple[Text, ...], ...] = (*(money(amount, currency) for amount in ageing.amounts), (Text(money(ageing.total, currency),
                                                                          TextStyle(styles.fonts.bold, 9)),))
    note = Paragraph(text(_('As of {date}, by days past the due date.').format(date=day(ageing.as_of))),
                     styles.paragraph('ageing-note', size=8.5, color=MUTED, space_after=6))
    parts: list[Flowable] = [_section_title(_('What is due, by age'), styles), note,
                             RowTable(translated(AGEING_COLUMNS), [row], styles.table_look())]
    if statement.credit:
        parts.append(Paragraph(text(_('Less {credit} of unused credit: the balance is {balance}.').format(
            credit=money(statement.credit, currency), balance=money(statement.closing_balance, currency))),
            styles.paragraph('ageing-credit', size=8.5, space_after=6)))
    return KeepTogether(parts)
