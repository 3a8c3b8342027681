"""Every kind of row the audit trail holds, declared once, with the words the owner reads for it."""
from __future__ import annotations

from enum import StrEnum

from domain.formats import N_


class AuditAction(StrEnum):
    # documents (staff)
    ESTIMATE_CREATED = 'estimate.created'
    ESTIMATE_EDITED = 'estimate.edited'
    ESTIMATE_SENT = 'estimate.sent'
    ESTIMATE_MARKED = 'estimate.marked'  # staff marked it accepted or declined
    ESTIMATE_CONVERTED = 'estimate.converted'
    INVOICE_CREATED = 'invoice.created'
    INVOICE_EDITED = 'invoice.edited'
    INVOICE_SENT = 'invoice.sent'
    INVOICE_VOIDED = 'invoice.voided'
    DRAFT_DELETED = 'draft.deleted'
    REMINDERS_PAUSED = 'reminders.paused'
    ESTIMATE_EXPIRED = 'estimate.expired'  # the scheduler
    LATE_FEE_ADDED = 'late_fee.added'  # the scheduler, with a reminder
    LATE_FEE_WAIVED = 'late_fee.waived'
    CREDIT_NOTE_CREATED = 'credit_note.created'
    CREDIT_NOTE_ISSUED = 'credit_note.issued'
    CREDIT_NOTE_VOIDED = 'credit_note.voided'
    # recurring invoices
    RECURRING_CREATED = 'recurring.created'
    RECURRING_EDITED = 'recurring.edited'
    RECURRING_PAUSED = 'recurring.paused'
    RECURRING_RESUMED = 'recurring.resumed'
    RECURRING_INVOICE_MADE = 'recurring.invoice_made'  # the scheduler
    # documents (clients, and both sides for comments and files)
    ESTIMATE_ACCEPTED = 'estimate.accepted'
    ESTIMATE_DECLINED = 'estimate.declined'
    DOCUMENT_FORWARDED = 'document.forwarded'
    COMMENT_POSTED = 'comment.added'
    FILE_UPLOADED = 'file.uploaded'
    FILE_DELETED = 'file.deleted'
    FILE_SHARING = 'file.sharing'
    # payments
    PAYMENT_RECORDED = 'payment.added'
    PAYMENT_DELETED = 'payment.removed'
    PAYMENT_STARTED = 'payment.started'  # a client paid (or began to pay) by card
    PAYMENT_ABANDONED = 'payment.abandoned'
    CARD_ADDED = 'card.added'
    CARD_REMOVED = 'card.removed'
    CARD_DEFAULT = 'card.default'
    DEBIT_STARTED = 'payment.debit_started'  # a client began to pay by SEPA debit
    MANDATE_ACCEPTED = 'mandate.accepted'  # a client accepted a SEPA direct debit mandate
    MANDATE_REVOKED = 'mandate.revoked'  # a client removed a saved bank account: it is never debited again
    BANK_STATEMENT_IMPORTED = 'bank.imported'
    BANK_LINE_MATCHED = 'bank.matched'  # staff confirmed a statement line pays an invoice
    BANK_LINE_SKIPPED = 'bank.skipped'
    BANK_MAPPING_SAVED = 'bank.mapping'
    CREDIT_APPLIED = 'credit.applied'  # by staff, or by a client in Pay Now
    CREDIT_REFUNDED = 'credit.refunded'  # paid back by bank, cash or cheque
    CARD_REFUNDED = 'payment.refunded'  # by staff, or from the processor's webhook (the system)
    AUTOPAY_ON = 'automatic_payment.on'  # a client agreed (or chose another card)
    AUTOPAY_OFF = 'automatic_payment.off'  # a client turned it off, or removed its card
    AUTOPAY_ASKED = 'automatic_payment.asked'  # staff emailed the contact's people to ask for it
    AUTOPAY_CHARGE = 'automatic_payment.charge'  # the scheduler charged a card or debited a mandate, and how
    # contacts and people
    CONTACT_CREATED = 'contact.created'
    CONTACT_EDITED = 'contact.edited'
    PERSON_ADDED = 'person.added'
    PERSON_EDITED = 'person.edited'
    PERSON_PRIMARY = 'person.primary'
    PERSON_REMOVED = 'person.removed'
    PERSON_ERASED = 'person.erased'
    STATEMENT_SCHEDULE = 'contact.statements'
    CONTACT_REMINDERS = 'contact.reminders'
    ACCOUNT_EDITED = 'account.edited'  # a client person's own details, language, statement emails
    COMPANY_EDITED = 'company.edited'  # a client person changed their company's details
    EMAIL_CHANGE = 'account.email_change'
    # portal access
    PORTAL_ENABLED = 'portal.enabled'
    PORTAL_INVITED = 'portal.invited'
    PORTAL_DISABLED = 'portal.disabled'
    # settings
    BUSINESS_PROFILE = 'settings.business'
    PORTAL_SETTINGS = 'settings.portal'
    REMINDER_SCHEDULE = 'settings.reminders'
    EINVOICE_SETTINGS = 'settings.einvoices'
    # staff users and rights
    STAFF_ADDED = 'staff.added'
    STAFF_DISABLED = 'staff.disabled'
    STAFF_ENABLED = 'staff.enabled'
    STAFF_EDITED = 'staff.edited'  # language, rights
    PASSWORD_CHANGED = 'password.changed'
    PASSWORD_RESET = 'password.reset'  # the owner set a colleague's password
    # second factor
    SECOND_FACTOR_ON = 'second_factor.on'
    SECOND_FACTOR_OFF = 'second_factor.off'
    RECOVERY_CODES = 'second_factor.codes'
    SECOND_FACTOR_RESET = 'second_factor.reset'
    # sign-in
    SIGN_IN = 'sign_in'
    SIGN_IN_FAILED = 'sign_in.failed'
    SIGN_OUT = 'sign_out'
    # jobs and mail
    JOB_RUN = 'job.run_by_hand'
    MAIL_RETRIED = 'mail.retried'


LABELS: dict[AuditAction, str] = {
    AuditAction.ESTIMATE_CREATED: N_('Estimate created'),
    AuditAction.ESTIMATE_EDITED: N_('Estimate edited'),
    AuditAction.ESTIMATE_SENT: N_('Estimate sent'),
    AuditAction.ESTIMATE_MARKED: N_('Estimate marked by staff'),
    AuditAction.ESTIMATE_CONVERTED: N_('Estimate converted to an invoice'),
    AuditAction.INVOICE_CREATED: N_('Invoice created'),
    AuditAction.INVOICE_EDITED: N_('Invoice edited'),
    AuditAction.INVOICE_SENT: N_('Invoice sent'),
    AuditAction.INVOICE_VOIDED: N_('Invoice voided'),
    AuditAction.DRAFT_DELETED: N_('Draft deleted'),
    AuditAction.REMINDERS_PAUSED: N_('Reminders paused or resumed'),
    AuditAction.ESTIMATE_EXPIRED: N_('Estimate expired'),
    AuditAction.LATE_FEE_ADDED: N_('Late fee added'),
    AuditAction.LATE_FEE_WAIVED: N_('Late fee waived'),
    AuditAction.CREDIT_NOTE_CREATED: N_('Credit note created'),
    AuditAction.CREDIT_NOTE_ISSUED: N_('Credit note issued'),
    AuditAction.CREDIT_NOTE_VOIDED: N_('Credit note voided'),
    AuditAction.RECURRING_CREATED: N_('Recurring profile created'),
    AuditAction.RECURRING_EDITED: N_('Recurring profile edited'),
    AuditAction.RECURRING_PAUSED: N_('Recurring profile paused'),
    AuditAction.RECURRING_RESUMED: N_('Recurring profile resumed'),
    AuditAction.RECURRING_INVOICE_MADE: N_('Recurring invoice made'),
    AuditAction.ESTIMATE_ACCEPTED: N_('Estimate accepted'),
    AuditAction.ESTIMATE_DECLINED: N_('Estimate declined'),
    AuditAction.DOCUMENT_FORWARDED: N_('Document forwarded'),
    AuditAction.COMMENT_POSTED: N_('Comment posted'),
    AuditAction.FILE_UPLOADED: N_('File attached'),
    AuditAction.FILE_DELETED: N_('File deleted'),
    AuditAction.FILE_SHARING: N_('File sharing changed'),
    AuditAction.PAYMENT_RECORDED: N_('Payment recorded'),
    AuditAction.PAYMENT_DELETED: N_('Payment deleted'),
    AuditAction.PAYMENT_STARTED: N_('Card payment started'),
    AuditAction.PAYMENT_ABANDONED: N_('Card payment abandoned'),
    AuditAction.CARD_ADDED: N_('Card saved'),
    AuditAction.CARD_REMOVED: N_('Card removed'),
    AuditAction.CARD_DEFAULT: N_('Default card changed'),
    AuditAction.DEBIT_STARTED: N_('Bank debit started'),
    AuditAction.MANDATE_ACCEPTED: N_('Direct debit mandate accepted'),
    AuditAction.MANDATE_REVOKED: N_('Direct debit mandate revoked'),
    AuditAction.BANK_STATEMENT_IMPORTED: N_('Bank statement imported'),
    AuditAction.BANK_LINE_MATCHED: N_('Bank statement line matched'),
    AuditAction.BANK_LINE_SKIPPED: N_('Bank statement line skipped'),
    AuditAction.BANK_MAPPING_SAVED: N_('CSV column mapping saved'),
    AuditAction.CREDIT_APPLIED: N_('Credit applied'),
    AuditAction.CREDIT_REFUNDED: N_('Credit paid back'),
    AuditAction.CARD_REFUNDED: N_('Card payment refunded'),
    AuditAction.AUTOPAY_ON: N_('Automatic payment turned on'),
    AuditAction.AUTOPAY_OFF: N_('Automatic payment turned off'),
    AuditAction.AUTOPAY_ASKED: N_('Automatic payment asked for'),
    AuditAction.AUTOPAY_CHARGE: N_('Automatic payment attempt'),
    AuditAction.CONTACT_CREATED: N_('Contact created'),
    AuditAction.CONTACT_EDITED: N_('Contact edited'),
    AuditAction.PERSON_ADDED: N_('Person added'),
    AuditAction.PERSON_EDITED: N_('Person edited'),
    AuditAction.PERSON_PRIMARY: N_('Primary person changed'),
    AuditAction.PERSON_REMOVED: N_('Person removed'),
    AuditAction.PERSON_ERASED: N_('Personal data erased'),
    AuditAction.STATEMENT_SCHEDULE: N_('Statements by email changed'),
    AuditAction.CONTACT_REMINDERS: N_('Contact reminders changed'),
    AuditAction.ACCOUNT_EDITED: N_('Account details changed'),
    AuditAction.COMPANY_EDITED: N_('Company details changed'),
    AuditAction.EMAIL_CHANGE: N_('Sign-in email change requested'),
    AuditAction.PORTAL_ENABLED: N_('Portal access given'),
    AuditAction.PORTAL_INVITED: N_('Invitation sent'),
    AuditAction.PORTAL_DISABLED: N_('Portal access taken away'),
    AuditAction.BUSINESS_PROFILE: N_('Business profile changed'),
    AuditAction.PORTAL_SETTINGS: N_('Portal settings changed'),
    AuditAction.REMINDER_SCHEDULE: N_('Reminder schedule changed'),
    AuditAction.EINVOICE_SETTINGS: N_('E-invoicing details changed'),
    AuditAction.STAFF_ADDED: N_('Staff user added'),
    AuditAction.STAFF_DISABLED: N_('Staff user disabled'),
    AuditAction.STAFF_ENABLED: N_('Staff user enabled'),
    AuditAction.STAFF_EDITED: N_('Staff user changed'),
    AuditAction.PASSWORD_CHANGED: N_('Password changed'),
    AuditAction.PASSWORD_RESET: N_('Password set by the owner'),
    AuditAction.SECOND_FACTOR_ON: N_('Two-step sign-in turned on'),
    AuditAction.SECOND_FACTOR_OFF: N_('Two-step sign-in turned off'),
    AuditAction.RECOVERY_CODES: N_('New recovery codes'),
    AuditAction.SECOND_FACTOR_RESET: N_('Two-step sign-in reset'),
    AuditAction.SIGN_IN: N_('Signed in'),
    AuditAction.SIGN_IN_FAILED: N_('Failed sign-in'),
    AuditAction.SIGN_OUT: N_('Signed out'),
    AuditAction.JOB_RUN: N_('Scheduled job run by hand'),
    AuditAction.MAIL_RETRIED: N_('Email sent again'),
}
