"""A trail row in words for its reader: who acted, and each change as "Due date: 05 Mar 2026 -> 20 Mar 2026", with
dates, times and amounts through the reader's locale formatters."""
from __future__ import annotations

from datetime import date, datetime
from typing import Any

from domain.formats import N_, _, day, moment, money

FIELDS = {
    'due_date': N_('Due date'), 'issue_date': N_('Date'), 'expiry_date': N_('Expiry date'), 'status': N_('Status'),
    'total': N_('Total'), 'subtotal': N_('Subtotal'), 'tax_total': N_('Tax'), 'amount': N_('Amount'),
    'amount_paid': N_('Paid'), 'currency': N_('Currency'), 'reference': N_('Reference'), 'notes': N_('Notes'),
    'terms': N_('Terms'), 'contact_id': N_('Contact'), 'number': N_('Number'), 'kind': N_('Kind'),
    'date': N_('Date'), 'mode': N_('Mode'), 'body': N_('Comment'), 'file_name': N_('File'), 'size': N_('Size'),
    'show_in_portal': N_('Show in portal'), 'send_with_email': N_('Send with the email'),
    'display_in_portal': N_('Display in portal'), 'reminders_paused': N_('Reminders paused'),
    'send_reminders': N_('Send payment reminders'), 'statement_schedule': N_('Email a statement'),
    'receives_statements': N_('Email me the statement'), 'portal_access': N_('Portal access'),
    'email': N_('Email'), 'first_name': N_('First name'), 'last_name': N_('Last name'), 'phone': N_('Phone'),
    'mobile': N_('Mobile'), 'language': N_('Language'), 'name': N_('Name'), 'is_primary': N_('Primary'),
    'display_name': N_('Display name'), 'company_name': N_('Company name'), 'website': N_('Website'),
    'billing_address': N_('Billing address'), 'shipping_address': N_('Shipping address'),
    'payment_terms': N_('Payment terms'), 'password_hash': N_('Password'), 'is_active': N_('Active'),
    'must_change_password': N_('Must change password'), 'may_run_jobs': N_('May run scheduled jobs'),
    'may_reset_second_factor': N_('May reset two-step sign-in'), 'reminders_on': N_('Send payment reminders'),
    'late_fees_on': N_('Add late fees'), 'levels': N_('Reminder levels'), 'refunded': N_('Refunded'),
    'frequency': N_('Frequency'), 'start_date': N_('First invoice date'), 'charge_on': N_('Charge'),
    'end_date': N_('End date'), 'end_count': N_('Number of invoices'), 'end_kind': N_('Ends'), 'next_date': N_('Next invoice'),
    'send_by_itself': N_('Send by itself'), 'auto_charge': N_('Charge automatically'), 'card_label': N_('Card'),
    'decline_code': N_('Decline code'),
}
EMPTY = '—'


def field_label(name: str) -> str:
    label = FIELDS.get(name)
    return _(label) if label else name.replace('_', ' ').capitalize()


def value_text(kind: str, value: Any, currency: str = '') -> str:
    if value is None or value == '':
        return EMPTY
    try:
        if kind == 'date':
            return day(date.fromisoformat(value))
        if kind == 'moment':
            return moment(datetime.fromisoformat(value))
        if kind == 'money':
            return money(int(value), currency or 'USD')
    except (TypeError, ValueError):
        return str(value)
    if kind == 'bool':
        return _('Yes') if value else _('No')
    text = ' '.join(str(value).split())
    return text if len(text) <= 80 else f'{text[:79]}…'


def changes_in_words(changes: list[dict[str, Any]]) -> list[str]:
    """Each change on a line of its own; a secret only as changed."""
    lines = []
    for change in changes or []:
        name = field_label(str(change.get('field', '')))
        kind = str(change.get('type', 'text'))
        if kind == 'secret':
            lines.append(_('{field}: changed').format(field=name))
            continue
        currency = str(change.get('currency') or '')
        before = value_text(kind, change.get('before'), currency)
        after = value_text(kind, change.get('after'), currency)
        lines.append(f'{name}: {before} -> {after}')
    return lines


def actor_text(kind: str, name: str) -> str:
    """'Olivia Owner (staff)', 'Alex Doe (client)', 'The scheduler', 'Someone not signed in'."""
    if kind == 'staff':
        return _('{name} (staff)').format(name=name)
    if kind == 'client':
        return _('{name} (client)').format(name=name)
    if kind == 'system':
        return _('The system ({name})').format(name=name) if name else _('The scheduler')
    return _('Someone not signed in')
