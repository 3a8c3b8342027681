"""A document as both sides see it: who it is for, its dates, lines, totals, notes and terms.

Lines are a grid on wide screens and stacked cards on a phone, so nothing needs sideways scrolling. The whole
document is one element drawn in the browser from plain data (`sheet.js`): built from labels, a document of a few
lines cost about a hundred elements on every page load. Every text is interpolated by Vue as text, never as HTML.
"""
from __future__ import annotations

from nicegui import ui

from components.common.status_chip import chip_colours
from domain.documents.views import DocumentView
from domain.formats import _, day, money, plain_number
from domain.models import label


def _percent(value) -> str:
    return _('{percent}%').format(percent=plain_number(value))


def _facts(view: DocumentView) -> list[list[str]]:
    facts = [[_('Bill to'), view.contact.name], [_('Date'), day(view.issue_date)]]
    if view.is_estimate:
        facts.append([_('Expiry date'), day(view.expiry_date)])
    else:
        facts.append([_('Due date'), day(view.due_date)])
    if view.reference:
        facts.append([_('Reference'), view.reference])
    if not view.is_estimate:
        facts.append([_('Balance due'), money(view.balance, view.currency)])
    return facts


def _line(line, currency: str) -> dict:
    quantity, rate = plain_number(line.quantity), money(line.rate, currency)
    if line.tax_percent:
        summary = _('{quantity} × {rate} · tax {percent}').format(  # noqa: RUF001
            quantity=quantity, rate=rate, percent=_percent(line.tax_percent))
    else:
        summary = _('{quantity} × {rate}').format(quantity=quantity, rate=rate)  # noqa: RUF001
    return {'name': line.name, 'description': line.description or '', 'summary': summary, 'quantity': quantity,
            'rate': rate, 'tax': _percent(line.tax_percent) if line.tax_percent else '—',
            'amount': money(line.amount, currency)}


def _totals(view: DocumentView) -> list[list]:
    totals: list[list] = [[_('Sub total'), money(view.subtotal, view.currency), False]]
    totals += [[_('Tax ({percent})').format(percent=_percent(percent)), money(amount, view.currency), False]
               for percent, amount in view.taxes]
    totals.append([_('Total'), money(view.total, view.currency), True])
    if not view.is_estimate:
        totals.append([_('Amount paid'), money(-view.amount_paid if view.amount_paid else 0, view.currency), False])
        totals.append([_('Balance due'), money(view.balance, view.currency), True])
    return totals


def _payments(view: DocumentView, staff: bool) -> list[list[str]]:
    """The payments applied to an invoice; staff also see the card processor's id of online payments."""
    if view.is_estimate:
        return []
    return [[f'{day(payment.date)} · {label(payment.mode)}' + (f' · {payment.reference}' if payment.reference else ''),
             _('Stripe payment {id}').format(id=payment.gateway_id) if staff and payment.gateway_id else '',
             money(payment.amount, view.currency)] for payment in view.payments]


class DocumentSheet(ui.element, component='sheet.js'):
    def __init__(self, view: DocumentView, *, staff: bool = False) -> None:
        super().__init__()
        lines = [_line(line, view.currency) for line in view.lines]
        notes = [[title, text] for title, text in ((_('Notes'), view.notes), (_('Terms and conditions'), view.terms))
                 if text]
        title, status = f'{view.title} {view.number}', label(view.display_status)
        facts, totals, payments = _facts(view), _totals(view), _payments(view, staff)
        self._props['data'] = {
            'title': title, 'status': status, 'colours': chip_colours(view.display_status),
            'facts': facts,
            'columns': [_('Item'), _('Qty'), _('Rate'), _('Tax'), _('Amount')], 'linesLabel': _('Lines'),
            'lines': lines,
            'totals': totals,
            'notes': notes,
            'paymentsTitle': _('Payments applied'), 'payments': payments,
        }
        self.texts = [title, status, *(text for fact in facts for text in fact),
                      *(line[key] for line in lines for key in ('name', 'description', 'summary', 'quantity', 'rate',
                                                                'tax', 'amount')),
                      *(text for total in totals for text in total[:2]),
                      *(text for note in notes for text in note),
                      *([self._props['data']['paymentsTitle']] if payments else []),
                      *(text for payment in payments for text in payment)]

    def _displayed_contents(self, *, only_visible: bool) -> list:
        """Every text the document shows, so that tests with the simulated user can read them."""
        return [text for text in self.texts if text]


def document_view(view: DocumentView, *, staff: bool = False) -> DocumentSheet:
    """The whole document, top to bottom."""
    return DocumentSheet(view, staff=staff)
