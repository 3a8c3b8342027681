"""The business, its staff, its clients (contacts) and their people, and how they sign in."""
from tortoise import fields
from tortoise.models import Model

from domain.models.enums import PortalAccess, SessionKind, TokenPurpose


class Business(Model):
    """The single business that runs the portal: its profile and its portal settings."""
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=200)
    email = fields.CharField(max_length=254)
    phone = fields.CharField(max_length=50, default='')
    website = fields.CharField(max_length=200, default='')
    address = fields.TextField(default='')
    currency = fields.CharField(max_length=3, default='USD')
    timezone = fields.CharField(max_length=64, default='UTC')
    portal_enabled = fields.BooleanField(default=True)
    portal_name = fields.CharField(max_length=100, default='')
    brand_color = fields.CharField(max_length=7, default='#1d4ed8')
    banner_message = fields.TextField(default='')
    allow_forwarding = fields.BooleanField(default=True)
    allow_company_edit = fields.BooleanField(default=True)
    allow_partial_payments = fields.BooleanField(default=False)
    activity_email = fields.CharField(max_length=254, default='')
    require_second_factor_staff = fields.BooleanField(default=False, db_default=False)
    require_second_factor_portal = fields.BooleanField(default=False, db_default=False)
    require_signature = fields.BooleanField(default=True, db_default=False)  # accepting an estimate asks for a signature
    # what EN 16931 e-invoices say of the seller (domain/einvoices): the street is the address's first line
    legal_name = fields.CharField(max_length=200, default='', db_default='')  # empty: the business name
    vat_id = fields.CharField(max_length=20, default='', db_default='')  # checked with python-stdnum, e.g. DE123456788
    tax_number = fields.CharField(max_length=30, default='', db_default='')  # the tax office's number
    registration_id = fields.CharField(max_length=50, default='', db_default='')  # company register: HRB, SIREN
    postcode = fields.CharField(max_length=20, default='', db_default='')
    city = fields.CharField(max_length=100, default='', db_default='')
    country = fields.CharField(max_length=2, default='', db_default='')  # ISO 3166-1 alpha-2
    iban = fields.CharField(max_length=34, default='', db_default='')  # with it, EUR invoices offer bank transfer
    bic = fields.CharField(max_length=11, default='', db_default='')
    sepa_debit_enabled = fields.BooleanField(default=False, db_default=False)  # clients may pay EUR invoices by SEPA debit
    creditor_id = fields.CharField(max_length=35, default='', db_default='')  # SEPA creditor identifier
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'business'


class StaffUser(Model):
    id = fields.IntField(primary_key=True)
    name = fields.CharField(max_length=100)
    email = fields.CharField(max_length=254, unique=True)
    password_hash = fields.CharField(max_length=100)
    is_owner = fields.BooleanField(default=False)
    language = fields.CharField(max_length=8, default='en', db_default='en')  # one of domain.formats.LANGUAGES
    is_active = fields.BooleanField(default=True)
    must_change_password = fields.BooleanField(default=False)
    may_reset_second_factor = fields.BooleanField(default=False, db_default=False)  # help clients who lost their phone
    may_run_jobs = fields.BooleanField(default=False, db_default=False)  # see and start the scheduled jobs
    last_read_activity_id = fields.IntField(default=0)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'staff_user'


class Contact(Model):
    """A client company: every document belongs to one."""
    id = fields.IntField(primary_key=True)
    company_name = fields.CharField(max_length=200, default='')
    display_name = fields.CharField(max_length=200, db_index=True)
    email = fields.CharField(max_length=254, default='')
    phone = fields.CharField(max_length=50, default='')
    website = fields.CharField(max_length=200, default='')
    billing_address = fields.TextField(default='')
    shipping_address = fields.TextField(default='')
    payment_terms = fields.IntField(default=30)
    currency = fields.CharField(max_length=3, default='USD')
    notes = fields.TextField(default='')
    stripe_customer_id = fields.CharField(max_length=100, null=True, unique=True)
    send_reminders = fields.BooleanField(default=True, db_default=True)  # payment reminders (staff turn them off)
    # statements by email (domain/statements/emailed.py): 'none', 'monthly' or 'quarterly', and the business's day
    # it was set, so the first statement emailed is the one of the period that day falls in
    statement_schedule = fields.CharField(max_length=10, default='none', db_default='none')
    statement_since = fields.DateField(null=True)
    # e-invoices (domain/einvoices): the buyer's VAT ID, its buyer reference (a Leitweg-ID for German public
    # buyers), the postcode, city and country of the billing address (its first line is the street), and which XML
    # goes with the email that sends a document: 'none', 'xrechnung' (CII) or 'peppol' (UBL)
    vat_id = fields.CharField(max_length=20, default='', db_default='')
    buyer_reference = fields.CharField(max_length=100, default='', db_default='')
    postcode = fields.CharField(max_length=20, default='', db_default='')
    city = fields.CharField(max_length=100, default='', db_default='')
    country = fields.CharField(max_length=2, default='', db_default='')
    einvoice_format = fields.CharField(max_length=10, default='none', db_default='none')
    created_at = fields.DatetimeField(auto_now_add=True)
    updated_at = fields.DatetimeField(auto_now=True)

    class Meta:
        table = 'contact'


class ContactPerson(Model):
    """A person at a client company: with portal access they sign in to the portal."""
    id = fields.IntField(primary_key=True)
    contact_id: int
    contact: fields.ForeignKeyRelation[Contact] = fields.ForeignKeyField(
        'models.Contact', related_name='persons', on_delete=fields.CASCADE)
    first_name = fields.CharField(max_length=100, default='')
    last_name = fields.CharField(max_length=100, default='')
    email = fields.CharField(max_length=254, db_index=True)
    phone = fields.CharField(max_length=50, default='')
    mobile = fields.CharField(max_length=50, default='')
    is_primary = fields.BooleanField(default=False)
    portal_access = fields.CharEnumField(PortalAccess, max_length=20, default=PortalAccess.NOT_INVITED)
    language = fields.CharField(max_length=8, default='en', db_default='en')  # portal, emails and PDFs for them
    receives_statements = fields.BooleanField(default=True, db_default=True)  # False once stopped in My Account
    password_hash = fields.CharField(max_length=100, null=True)
    last_sign_in_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'contact_person'
        indexes = (('contact_id',),)

    @property
    def name(self) -> str:
        return person_name(self.first_name, self.last_name, self.email)


def person_name(first_name: str, last_name: str, email: str) -> str:
    """How a contact person is named: their name, or their email address when they have none."""
    return f'{first_name} {last_name}'.strip() or email


class AccessToken(Model):
    """An invitation, password-reset or email-confirmation link: only the hash of the token is kept."""
    id = fields.IntField(primary_key=True)
    person_id: int
    person: fields.ForeignKeyRelation[ContactPerson] = fields.ForeignKeyField(
        'models.ContactPerson', related_name='tokens', on_delete=fields.CASCADE)
    purpose = fields.CharEnumField(TokenPurpose, max_length=20)
    token_hash = fields.CharField(max_length=64, unique=True)
    new_email = fields.CharField(max_length=254, default='', db_default='')  # the address an email-change link confirms
    expires_at = fields.DatetimeField()
    used_at = fields.DatetimeField(null=True)
    created_at = fields.DatetimeField(auto_now_add=True)

    class Meta:
        table = 'access_token'
        indexes = (('person_id', 'purpose'),)


class Session(Model):
    """A signed-in browser. The cookie holds a random key: the row holds only its hash."""
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SessionKind, max_length=10)
    person_id: int | None
    person: fields.ForeignKeyNullableRelation[ContactPerson] = fields.ForeignKeyField(
        'models.ContactPerson', related_name='sessions', null=True, on_delete=fields.CASCADE)
    staff_id: int | None
    staff: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        'models.StaffUser', related_name='sessions', null=True, on_delete=fields.CASCADE)
    key_hash = fields.CharField(max_length=64, unique=True, null=True)
    handoff_hash = fields.CharField(max_length=64, unique=True, null=True)
    browser_hash = fields.CharField(max_length=64, default='')
    created_at = fields.DatetimeField()
    last_seen_at = fields.DatetimeField()
    expires_at = fields.DatetimeField()
    ip = fields.CharField(max_length=45, default='')
    user_agent = fields.CharField(max_length=200, default='')

    class Meta:
        table = 'session'
        indexes = (('person_id',), ('staff_id',),)


class LoginFailure(Model):
    """A failed sign-in, kept for the lockout rule: the account is a hash of the email typed."""
    id = fields.IntField(primary_key=True)
    kind = fields.CharEnumField(SessionKind, max_length=10)
    account_key = fields.CharField(max_length=64)
    ip = fields.CharField(max_length=45)
    created_at = fields.DatetimeField()

    class Meta:
        table = 'login_failure'
        indexes = (('account_key', 'created_at'), ('ip', 'created_at'))


class RateLimitHit(Model):
    """One counted request for a limit shared by every app process, e.g. reset requests from one network address.

    The key is a hash (an address is not kept in the clear); rows older than the limit's window are deleted.
    """
    id = fields.BigIntField(primary_key=True)
    scope = fields.CharField(max_length=40)
    key = fields.CharField(max_length=64)
    created_at = fields.DatetimeField()

    class Meta:
        table = 'rate_limit_hit'
        indexes = (('scope', 'key', 'created_at'), ('scope', 'created_at'))


class PersonErasure(Model):
    """The record that a contact person's personal data was erased: who did it, when, and whom (by id, since the
    person row stays, anonymised, for the financial records that name it). The audit trail is to take this over."""
    id = fields.IntField(primary_key=True)
    person_id = fields.IntField()
    contact_id = fields.IntField()
    erased_by_id: int | None
    erased_by: fields.ForeignKeyNullableRelation[StaffUser] = fields.ForeignKeyField(
        'models.StaffUser', related_name='erasures', null=True, on_delete=fields.SET_NULL)
    erased_by_name = fields.CharField(max_length=200)
    erased_at = fields.DatetimeField()

    class Meta:
        table = 'person_erasure'
        indexes = (('contact_id',),)
