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
from .people import AccessToken, Business, Contact, ContactPerson, LoginFailure, Session, StaffUser
from .second_factor import PendingSignIn, RecoveryCode, SecondFactor

__models__ = [
    Business, StaffUser, Contact, ContactPerson, AccessToken, Session, LoginFailure,
    NumberSequence, Document, DocumentLine, Comment, Activity,
    Payment, PaymentAllocation, OnlinePayment, GatewayEvent, SavedCard,
    OutgoingMail, SecondFactor, RecoveryCode, PendingSignIn,
]

__all__ = [
    'AccessToken', 'Activity', 'ActivityKind', 'AuthorKind', 'Business', 'Comment', 'Contact', 'ContactPerson',
    'Document', 'DocumentKind', 'DocumentLine', 'EstimateStatus', 'GatewayEvent', 'InvoiceStatus', 'LoginFailure',
    'MailStatus', 'NumberSequence', 'OnlinePayment', 'OnlinePaymentOption', 'OnlinePaymentStatus', 'OutgoingMail',
    'Payment', 'PaymentAllocation', 'PaymentMode', 'PendingSignIn', 'PortalAccess', 'RecoveryCode', 'SavedCard',
    'SecondFactor', 'Session', 'SessionKind', 'StaffUser', 'TokenPurpose', 'label',
]
