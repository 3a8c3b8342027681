"""The fixed vocabularies of the portal; values are stored, labels are shown."""
from enum import StrEnum


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


class EstimateStatus(StrEnum):
    DRAFT = 'draft'
    SENT = 'sent'
    ACCEPTED = 'accepted'
    DECLINED = 'declined'
    EXPIRED = 'expired'  # derived from the expiry date, never stored
    INVOICED = 'invoiced'


class InvoiceStatus(StrEnum):
    DRAFT = 'draft'
    SENT = 'sent'
    PARTIALLY_PAID = 'partially_paid'
    PAID = 'paid'
    VOID = 'void'
    OVERDUE = 'overdue'  # derived from the due date and balance, never stored


class OnlinePaymentOption(StrEnum):
    CARD = 'card'
    NONE = 'none'


class PaymentMode(StrEnum):
    CASH = 'cash'
    BANK_TRANSFER = 'bank_transfer'
    CHEQUE = 'cheque'
    CARD_TERMINAL = 'card_terminal'
    ONLINE_CARD = 'online_card'
    OTHER = 'other'


class OnlinePaymentStatus(StrEnum):
    PENDING = 'pending'
    REQUIRES_ACTION = 'requires_action'
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


class MailStatus(StrEnum):
    PENDING = 'pending'
    SENT = 'sent'
    FAILED = 'failed'


LABELS: dict[str, str] = {
    'not_invited': 'Not invited', 'invited': 'Invited', 'active': 'Active', 'disabled': 'Disabled',
    'estimate': 'Estimate', 'invoice': 'Invoice', 'retainer': 'Retainer invoice',
    'draft': 'Draft', 'sent': 'Sent', 'accepted': 'Accepted', 'declined': 'Declined', 'expired': 'Expired',
    'invoiced': 'Invoiced', 'partially_paid': 'Partially paid', 'paid': 'Paid', 'void': 'Void', 'overdue': 'Overdue',
    'card': 'Credit or debit card', 'none': 'None',
    'cash': 'Cash', 'bank_transfer': 'Bank transfer', 'cheque': 'Cheque', 'card_terminal': 'Card terminal',
    'online_card': 'Card (online)', 'other': 'Other',
    'viewed': 'Viewed', 'commented': 'Commented', 'forwarded': 'Forwarded',
}


def label(value: str) -> str:
    return LABELS.get(str(value), str(value).replace('_', ' ').capitalize())
