"""The fixed vocabularies of the portal; values are stored, labels are shown."""
from enum import StrEnum

from domain.formats import N_, _


class PortalAccess(StrEnum):
    NOT_INVITED = 'not_invited'
    INVITED = 'invited'
    ACTIVE = 'active'
    DISABLED = 'disabled'


class TokenPurpose(StrEnum):
    INVITATION = 'invitation'
    PASSWORD_RESET = 'password_reset'
    EMAIL_CHANGE = 'email_change'


class SessionKind(StrEnum):
    PORTAL = 'portal'
    STAFF = 'staff'


class DocumentKind(StrEnum):
    ESTIMATE = 'estimate'
    INVOICE = 'invoice'
    RETAINER = 'retainer'
    CREDIT_NOTE = 'credit'  # a credit note (the kind column holds ten characters)


class EstimateStatus(StrEnum):
    DRAFT = 'draft'
    SENT = 'sent'
    ACCEPTED = 'accepted'
    DECLINED = 'declined'
    EXPIRED = 'expired'  # stored by the expiry job; shown from the expiry date already (rules/status.py)
    INVOICED = 'invoiced'


class InvoiceStatus(StrEnum):
    DRAFT = 'draft'
    SENT = 'sent'
    PARTIALLY_PAID = 'partially_paid'
    PAID = 'paid'
    VOID = 'void'
    OVERDUE = 'overdue'  # derived from the due date and balance, never stored
    PROCESSING = 'processing'  # derived: a bank debit of it is on its way, never stored


class CreditNoteStatus(StrEnum):
    DRAFT = 'draft'
    OPEN = 'open'  # issued, nothing of it used yet
    PARTLY_APPLIED = 'partly_applied'
    APPLIED = 'applied'  # all of it applied to invoices or refunded
    VOID = 'void'


class OnlinePaymentOption(StrEnum):
    CARD = 'card'
    NONE = 'none'


class PaymentMode(StrEnum):
    CASH = 'cash'
    BANK_TRANSFER = 'bank_transfer'
    CHEQUE = 'cheque'
    CARD_TERMINAL = 'card_terminal'
    ONLINE_CARD = 'online_card'
    SEPA_DEBIT = 'sepa_debit'
    OTHER = 'other'


class OnlinePaymentStatus(StrEnum):
    PENDING = 'pending'
    REQUIRES_ACTION = 'requires_action'
    PROCESSING = 'processing'  # a bank debit submitted, its outcome not known yet
    SUCCEEDED = 'succeeded'
    FAILED = 'failed'
    CANCELED = 'canceled'


class AuthorKind(StrEnum):
    CLIENT = 'client'
    STAFF = 'staff'


class ActivityKind(StrEnum):
    VIEWED = 'viewed'
    ACCEPTED = 'accepted'
    DECLINED = 'declined'
    COMMENTED = 'commented'
    PAID = 'paid'
    FORWARDED = 'forwarded'
    FACTOR_RESET = 'factor_reset'  # staff reset the person's two-step sign-in
    UPLOADED = 'uploaded'
    EXPIRED = 'expired'  # an estimate passed its expiry date (the scheduler, not the client)
    RECURRING = 'recurring'  # the scheduler made an invoice from a recurring profile
    DEBIT_FAILED = 'debit_failed'  # the client's bank refused a SEPA debit
    DISPUTED = 'disputed'  # the client disputed a payment with their bank


class MailStatus(StrEnum):
    PENDING = 'pending'
    SENT = 'sent'
    FAILED = 'failed'


LABELS: dict[str, str] = {  # translated where shown, through `label`
    'not_invited': N_('Not invited'), 'invited': N_('Invited'), 'active': N_('Active'), 'disabled': N_('Disabled'),
    'estimate': N_('Estimate'), 'invoice': N_('Invoice'), 'retainer': N_('Retainer invoice'), 'draft': N_('Draft'),
    'sent': N_('Sent'), 'accepted': N_('Accepted'), 'declined': N_('Declined'), 'expired': N_('Expired'),
    'invoiced': N_('Invoiced'), 'partially_paid': N_('Partially paid'), 'paid': N_('Paid'), 'void': N_('Void'),
    'overdue': N_('Overdue'), 'card': N_('Credit or debit card'), 'none': N_('None'), 'cash': N_('Cash'),
    'bank_transfer': N_('Bank transfer'), 'cheque': N_('Cheque'), 'card_terminal': N_('Card terminal'),
    'online_card': N_('Card (online)'), 'sepa_debit': N_('SEPA direct debit'),
    'processing': N_('Payment processing'), 'other': N_('Other'), 'viewed': N_('Viewed'), 'commented': N_('Commented'),
    'forwarded': N_('Forwarded'), 'pending': N_('Pending'), 'failed': N_('Failed'), 'factor_reset': N_('Two-step sign-in reset'), 'uploaded': N_('Uploaded a file'),
    'credit': N_('Credit note'), 'credit_applied': N_('Credit applied'), 'open': N_('Open'), 'partly_applied': N_('Partly applied'), 'applied': N_('Applied'),
    'debit_failed': N_('Bank debit failed'), 'disputed': N_('Payment disputed'),
}


def label(value: str) -> str:
    """A stored value as the reader reads it: 'partially_paid' -> 'Partially paid' (or 'Teilweise bezahlt')."""
    found = LABELS.get(str(value))
    return _(found) if found else str(value).replace('_', ' ').capitalize()
