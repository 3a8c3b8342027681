"""The emails of automatic payment, each in its reader's language and queued in the caller's transaction: staff
ask a contact's people for it; an automatic charge was declined or needs the bank's authentication; a saved card is
about to expire."""
from __future__ import annotations

from datetime import date

import settings
from domain.business import profile as business
from domain.documents.sending import portal_url
from domain.formats import N_, _, day, money, reading
from domain.mail import compose as mail
from domain.models import ContactPerson, Document

ACCOUNT = '/portal/account'


def pay_link(document: Document) -> str:
    """Opens Pay Now for the invoice in the portal (after sign-in when needed)."""
    return f'{portal_url(document.kind, document.id)}?pay=1'


def account_link() -> str:
    return f'{settings.get().public_url}{ACCOUNT}'


def _greeting(person: ContactPerson) -> str:
    return _('Hello {name},').format(name=person.first_name) if person.first_name else _('Hello,')


async def queue_request(person: ContactPerson, asked_by: str) -> None:
    with reading(person.language, await business.timezone()):
        paragraphs = [
            _('{name} asks whether you would like your invoices paid automatically with a card you saved in the '
              'portal.').format(name=asked_by),
            _('In My Account you can choose the card and read exactly what you agree to. Each invoice is then '
              'charged on its due date and you get a receipt by email. You can turn it off there at any time.'),
        ]
        await mail.queue('automatic_payment_request', person.email, _('Pay your invoices automatically?'),
                         greeting=_greeting(person), paragraphs=paragraphs,
                         action=mail.Action(_('Open My Account'), account_link()), to_name=person.name,
                         contact_id=person.contact_id)


# what a declined attempt's email says: what happened, when it is tried again, when it is not, and its subject
DECLINED_WORDS = {
    'card': (N_('We tried to charge {amount} for invoice {number} to your {card}, as you asked, but the bank '
                'declined it: {reason}'),
             N_('We will try again on {date}. You can pay now with Pay Now, or choose another card for automatic '
                'payment in My Account: {link}'),
             N_('We will not try this card again for this invoice. Please pay it with Pay Now, or choose another '
                'card for automatic payment in My Account: {link}'),
             N_('Automatic payment of invoice {number} was declined')),
    'debit': (N_('We tried to collect {amount} for invoice {number} by {card}, as you agreed, but the debit was '
                 'refused: {reason}'),
              N_('We will try again on {date}. You can pay now with Pay Now, or choose another way to pay '
                 'automatically in My Account: {link}'),
              N_('We will not debit this account again for this invoice. Please pay it with Pay Now, or choose '
                 'another way to pay automatically in My Account: {link}'),
              N_('Automatic debit of invoice {number} was refused')),
}


async def queue_declined(person: ContactPerson, document: Document, amount: int, card: str, reason: str, *,
                         retry_on: date | None, debit: bool = False) -> None:
    """A declined card charge, or with `debit` a debit the processor refused at once (`card` names the account)."""
    with reading(person.language, await business.timezone()):
        values = {'amount': money(amount, document.currency), 'number': document.number, 'card': card,
                  'reason': reason, 'link': account_link(), 'date': day(retry_on) if retry_on else ''}
        happened, again, not_again, subject = (_(text) for text in DECLINED_WORDS['debit' if debit else 'card'])
        await mail.queue('automatic_payment_declined', person.email, subject.format(**values),
                         greeting=_greeting(person),
                         paragraphs=[happened.format(**values), (again if retry_on else not_again).format(**values)],
                         action=mail.Action(_('Pay invoice {number}').format(number=document.number),
                                            pay_link(document)),
                         to_name=person.name, contact_id=document.contact_id)


async def queue_needs_action(person: ContactPerson, document: Document, amount: int, card: str) -> None:
    with reading(person.language, await business.timezone()):
        paragraphs = [
            _('Your bank wants you to confirm the payment of {amount} for invoice {number} with your {card} '
              'yourself, so it could not be charged automatically.').format(
                amount=money(amount, document.currency), number=document.number, card=card),
            _('Open the link to pay it: your bank will ask you to confirm.'),
        ]
        await mail.queue('automatic_payment_action', person.email,
                         _('Please confirm the payment of invoice {number}').format(number=document.number),
                         greeting=_greeting(person), paragraphs=paragraphs,
                         action=mail.Action(_('Pay invoice {number}').format(number=document.number),
                                            pay_link(document)),
                         to_name=person.name, contact_id=document.contact_id)


async def queue_card_expiring(person: ContactPerson, card: str, expiry: str, pays_automatically: bool) -> None:
    with reading(person.language, await business.timezone()):
        paragraphs = [_('Your {card} saved in the portal expires at the end of {expiry}.').format(card=card,
                                                                                                 expiry=expiry),
                      _('Add your new card in My Account to keep paying with a saved card.')]
        if pays_automatically:
            paragraphs.append(_('Your invoices are paid automatically with this card: after adding the new one, '
                                'choose it for automatic payment there, since it does not change by itself.'))
        await mail.queue('card_expiring', person.email, _('Your saved card expires soon'),
                         greeting=_greeting(person), paragraphs=paragraphs,
                         action=mail.Action(_('Add a new card'), account_link()), to_name=person.name,
                         contact_id=person.contact_id)
