"""Every use case that changes data writes the audit trail.

A use case is an `async def` in domain/ whose first parameter is `actor`. Each one either reaches `audit.record`
(itself, or through a function of its own module that it calls, followed to any depth), or is named in `READS` with
the reason it changes nothing the trail is for. So a new use case that writes and forgets the trail fails here by
name, before any test of its own runs: whoever adds one must either record it or say here why not. A function named
in `READS` that starts writing (a `.create(`, `.update(`, `.delete(`, `.save(` or `bulk_create` of its own) fails too.

Why static: a table of calls run against the database would only hold the use cases someone remembered to put in
it, which is the very thing that goes wrong; the service tests beside this one run the important ones for real and
check the rows they write.
"""
from __future__ import annotations

import ast
from pathlib import Path

DOMAIN = Path(__file__).resolve().parents[3] / 'domain'
WRITES = ('.create(', '.update(', '.delete(', '.save(', 'bulk_create(', 'get_or_create(')

READS = {
    # reads: pages and lists
    'overview.staff.staff_dashboard': 'reads', 'overview.portal.dashboard': 'reads',
    'overview.portal.payments_made': 'reads', 'overview.charts.staff_charts': 'reads',
    'overview.charts.contact_ageing': 'reads', 'overview.charts.portal_ageing': 'reads',
    'jobs.staff.may_run_jobs': 'reads', 'jobs.staff._check': 'reads', 'jobs.staff.list_jobs': 'reads',
    'reminders.history.invoice_reminders': 'reads', 'reminders.history.portal_reminders': 'reads',
    'reminders.history.contact_reminders': 'reads', 'reminders.history.reminder_levels': 'reads',
    'reminders.schedule.get_schedule': 'reads', 'activity.log.activity_bell': 'reads',
    'business.settings.get_settings': 'reads', 'mail.attachments._specs': 'reads',
    'mail.attachments.mail_attachments': 'reads', 'mail.attachments.mail_attachment': 'reads',
    'mail.outbox.list_mail': 'reads', 'mail.outbox.get_mail': 'reads',
    'access.second_factor.factor_status': 'reads', 'access.staff_users._check_owner': 'reads',
    'access.staff_users.list_staff': 'reads', 'access.staff_users.staff_languages': 'reads',
    'access.second_factor_reset.may_reset': 'reads', 'access.second_factor_reset._is_owner': 'reads',
    'files.attachments._document': 'reads', 'files.attachments.list_attachments': 'reads',
    'files.attachments.check_upload': 'reads', 'files.attachments._own_row': 'reads',
    'files.attachments.attachment_for': 'reads', 'contacts.my_details.my_account': 'reads',
    'contacts.my_details.company_details': 'reads', 'contacts.statement_emails.statement_emails': 'reads',
    'contacts.statement_emails.my_statement_emails': 'reads', 'contacts.companies.list_contacts': 'reads',
    'contacts.companies.get_contact': 'reads', 'contacts.companies.new_contact_form': 'reads',
    'contacts.companies.contact_name': 'reads', 'conversation.comments._portal_document': 'reads',
    'conversation.comments.portal_comments': 'reads', 'conversation.comments.staff_comments': 'reads',
    'conversation.comments.new_comments': 'reads', 'payments.listing.list_payments': 'reads',
    'payments.online._own': 'reads', 'payments.saved_cards.my_cards': 'reads',
    'payments.saved_cards.card_form': 'reads', 'payments.saved_cards._own': 'reads',
    'payments.offline.payment_setup': 'reads', 'payments.options.pay_options': 'reads',
    'payments.options.chosen_invoices': 'reads', 'statements.access.portal_statement_for': 'reads',
    'statements.access.staff_statement_for': 'reads', 'statements.statement.more_statement_lines': 'reads',
    'documents.access.portal_document_for': 'reads', 'documents.access.staff_document_for': 'reads',
    'documents.lists.list_documents': 'reads', 'documents.lists.find_contacts': 'reads',
    'documents.lists.contact_choice': 'reads', 'documents.staff.get_document': 'reads',
    'documents.staff.document_for_editing': 'reads', 'documents.estimates.get_estimate': 'reads',
    'documents.invoices.get_invoice': 'reads', 'documents.invoices.invoice_defaults': 'reads',
    'documents.invoices.contact_terms': 'reads', 'documents.portal.list_estimates': 'reads',
    'documents.portal.list_invoices': 'reads', 'documents.portal._own': 'reads',
    'documents.credit_notes.credit_setup': 'reads', 'documents.credit_notes.get_credit_note': 'reads',
    'documents.credit_notes.contact_credit_notes': 'reads', 'documents.portal_credit_notes.list_credit_notes': 'reads',
    'payments.credit.credit_setup': 'reads', 'payments.references.invoice_for_reference': 'reads',
    'einvoices.settings.get_einvoice_settings': 'reads', 'einvoices.checking.problems_for': 'reads',
    'recurring.profiles.new_draft': 'reads', 'recurring.profiles.draft_from_invoice': 'reads',
    'recurring.profiles.list_profiles': 'reads', 'recurring.profiles.get_profile': 'reads',
    'recurring.profiles.profile_for_editing': 'reads', 'recurring.portal.my_recurring_invoices': 'reads',
    'recurring.portal.next_recurring_invoice': 'reads', 'overview.export.company_data': 'reads',
    'recurring.portal._with_consent': 'reads', 'payments.automatic.consent.my_automatic_payment': 'reads',
    'payments.automatic.consent._words': 'reads', 'payments.sepa.my_bank_accounts': 'reads', 'payments.automatic.consent.words_for': 'reads',
    'payments.automatic.consent.contact_automatic_payment': 'reads', 'payments.automatic.history.attempts_of': 'reads',
    'payments.bank.mappings.list_mappings': 'reads', 'payments.bank.review.count_open': 'reads',
    'payments.bank.review.find_invoices': 'reads', 'payments.bank.review.open_lines': 'reads',
    'audit.reading.trail': 'reads the trail itself', 'audit.reading.csv_lines': 'reads the trail itself',
    'audit.reading.choices': 'reads the trail itself', 'audit.reading._check_owner': 'reads',
    'audit.trail.record': 'writes the trail itself',
    # writes, but nothing the trail is for
    'sessions.check': "touches the session's last-seen time (the sign-in and sign-out are recorded)",
    'activity.log.mark_activity_read': "moves the staff user's own bell mark: no business data",
    'documents.portal.open_estimate': "a client's view (the activity log keeps the first view), not a change",
    'documents.portal.open_invoice': "a client's view (the activity log keeps the first view), not a change",
    'documents.portal._open': "a client's view (the activity log keeps the first view), not a change",
    'documents.portal._record_view': "a client's view (the activity log keeps the first view), not a change",
    'documents.portal_credit_notes.open_credit_note': "a client's view (the activity log keeps the first view)",
    'payments.portal_credit.pay_with_credit': 'recorded: use_credit_for (payments/credit.py) writes a row per invoice',
    'documents.forwarding._queue_copy': 'a step of forward_document, which records it',
    'documents.portal._decide': 'recorded: accept_estimate and decline_estimate reach it',
    'access.second_factor.start_setup': 'a secret not in use until confirm_setup, which is recorded',
    'payments.saved_cards.start_adding_card': 'asks the card processor for a form; the card is recorded when saved',
    'payments.online.continue_with_card': 'a step of the card payment start_payment recorded (and a saved card is)',
    'payments.online.check_payment': 'asks the processor how the payment start_payment recorded ended',
}


def _functions() -> dict[str, tuple[ast.AsyncFunctionDef, dict[str, ast.AST]]]:
    found = {}
    for path in DOMAIN.rglob('*.py'):
        module = '.'.join(path.relative_to(DOMAIN).with_suffix('').parts)
        tree = ast.parse(path.read_text())
        local = {node.name: node for node in tree.body if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef)}
        for node in tree.body:
            if isinstance(node, ast.AsyncFunctionDef) and node.args.args and node.args.args[0].arg == 'actor':
                found[f'{module}.{node.name}'] = (node, local)
    return found


def _records(node: ast.AST, local: dict[str, ast.AST], seen: set[str]) -> bool:
    for call in (n for n in ast.walk(node) if isinstance(n, ast.Call)):
        name = ast.unparse(call.func)
        if name == 'audit.record':
            return True
        if name in local and name not in seen:
            seen.add(name)
            if _records(local[name], local, seen):
                return True
    return False


def test_every_use_case_that_takes_an_actor_writes_the_trail_or_says_why_not():
    functions = _functions()
    assert len(functions) > 100
    forgotten = [name for name, (node, local) in sorted(functions.items())
                 if name not in READS and not _records(node, local, {node.name})]
    assert forgotten == [], 'use cases that change data without audit.record (or add them to READS with why): ' \
        + ', '.join(forgotten)


def test_the_use_cases_said_to_only_read_write_nothing_themselves():
    functions = _functions()
    unknown = sorted(set(READS) - set(functions))
    assert unknown == [], f'no such use case any more: {unknown}'
    writing = [name for name, why in READS.items() if why == 'reads'
               and any(word in ast.unparse(functions[name][0]) for word in WRITES)]
    assert writing == [], f'said to read, but they write: {writing}'
