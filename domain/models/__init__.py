"""Tortoise models, split by area; import them from here."""
from .documents import Activity, Comment, Document, DocumentLine, NumberSequence
from .enums import (
    ActivityKind,
    AuthorKind,
    DocumentKind,
    EstimateStatus,
    InvoiceStatus,
    MailStatus,
    OnlinePaymentOption,
    OnlinePaymentStatus,
    PaymentMode,
    PortalAccess,
    SessionKind,
    TokenPurpose,
    label,
)
from .mail import OutgoingMail
from .payments import GatewayEvent, OnlinePayment, Payment, PaymentAllocation, SavedCard
from .people import AccessToken, Business, Contact, ContactPerson, LoginFailure, RateLimitHit, Session, StaffUser

__models__ = [
    Business, StaffUser, Contact, ContactPerson, AccessToken, Session, LoginFailure,
    NumberSequence, Document, DocumentLine, Comment, Activity,
    Payment, PaymentAllocation, OnlinePayment, GatewayEvent, SavedCard,
    OutgoingMail, RateLimitHit,
]

__all__ = [
    'AccessToken', 'Activity', 'ActivityKind', 'AuthorKind', 'Business', 'Comment', 'Contact', 'ContactPerson',
    'Document', 'DocumentKind', 'DocumentLine', 'EstimateStatus', 'GatewayEvent', 'InvoiceStatus', 'LoginFailure',
    'MailStatus', 'NumberSequence', 'OnlinePayment', 'OnlinePaymentOption', 'OnlinePaymentStatus', 'OutgoingMail',
    'Payment', 'PaymentAllocation', 'PaymentMode', 'PortalAccess', 'RateLimitHit', 'SavedCard', 'Session', 'SessionKind',
    'StaffUser', 'TokenPurpose', 'label',
]
