"""Tortoise models, split by area; import them from here."""
from domain.models.audit import AuditEntry
from domain.models.automatic import AutomaticCharge, PaymentConsent
from domain.models.balances import BalanceDay, BalanceOpen
from domain.models.credit import CreditApplication, Refund
from domain.models.documents import Activity, Comment, Document, DocumentLine, NumberSequence
from domain.models.enums import (
    ActivityKind,
    AuthorKind,
    CreditNoteStatus,
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
from domain.models.jobs import JobRun, JobUnit
from domain.models.mail import OutgoingMail
from domain.models.payments import GatewayEvent, OnlinePayment, Payment, PaymentAllocation, SavedCard
from domain.models.people import (
    AccessToken,
    Business,
    Contact,
    ContactPerson,
    LoginFailure,
    PersonErasure,
    RateLimitHit,
    Session,
    StaffUser,
)
from domain.models.recurring import RecurringProfile
from domain.models.reminders import LateFee, Reminder, ReminderSchedule
from domain.models.second_factor import PendingSignIn, RecoveryCode, SecondFactor
from domain.models.signatures import Attachment, EstimateAcceptance

__models__ = [
    Business, StaffUser, Contact, ContactPerson, AccessToken, Session, LoginFailure,
    NumberSequence, Document, DocumentLine, Comment, Activity,
    Payment, PaymentAllocation, OnlinePayment, GatewayEvent, SavedCard,
    OutgoingMail, RateLimitHit,
    OutgoingMail, EstimateAcceptance, Attachment,
    OutgoingMail, SecondFactor, RecoveryCode, PendingSignIn,
    BalanceDay, BalanceOpen,
    JobRun, JobUnit,
    ReminderSchedule, Reminder, LateFee,
    RecurringProfile,
    PersonErasure,
    CreditApplication, Refund,
    AuditEntry,
    PaymentConsent, AutomaticCharge,
]

__all__ = [
    'AccessToken',
    'Activity',
    'ActivityKind',
    'Attachment',
    'AuditEntry',
    'AuthorKind',
    'AutomaticCharge',
    'BalanceDay',
    'BalanceOpen',
    'Business',
    'Comment',
    'Contact',
    'ContactPerson',
    'CreditApplication',
    'CreditNoteStatus',
    'Document',
    'DocumentKind',
    'DocumentLine',
    'EstimateAcceptance',
    'EstimateStatus',
    'GatewayEvent',
    'InvoiceStatus',
    'JobRun',
    'JobUnit',
    'LateFee',
    'LoginFailure',
    'MailStatus',
    'NumberSequence',
    'OnlinePayment',
    'OnlinePaymentOption',
    'OnlinePaymentStatus',
    'OutgoingMail',
    'Payment',
    'PaymentAllocation',
    'PaymentConsent',
    'PaymentMode',
    'PendingSignIn',
    'PersonErasure',
    'PortalAccess',
    'RateLimitHit',
    'RecoveryCode',
    'RecurringProfile',
    'Refund',
    'Reminder',
    'ReminderSchedule',
    'SavedCard',
    'SecondFactor',
    'Session',
    'SessionKind',
    'StaffUser',
    'TokenPurpose',
    'label',
]
