"""Ids that cannot be records (zero, negative, past the 32-bit id columns, past 64 bits) are NotFound in every
use case that reads one, on SQLite and PostgreSQL alike: the database is never asked with an out-of-range number."""
import pytest

from domain import comments, contacts, estimates, invoices, outbox, payments, staff_documents
from domain.documents_access import portal_document_for, staff_document_for
from domain.errors import NotFound
from domain.portal_documents import open_estimate, open_invoice
from domain.statement_access import staff_statement_for
from tests import factories

ODD = [0, -1, 2**31, 2**63 - 1, 2**63, 10**20, '99999999999999999999', 'abc']


async def test_every_lookup_by_id_treats_an_impossible_id_as_missing(db):
    staff = await factories.staff_actor()
    acme = await factories.contact('Acme')
    portal = await factories.portal_actor(await factories.person(acme, 'casey@acme.example'))
    for odd in ODD:
        for lookup in lookups(staff, portal, odd):
            with pytest.raises(NotFound):
                await lookup()


def lookups(staff, portal, odd) -> list:
    """Every use case that reads a record by an id from the outside, ready to call with `odd`."""
    found = [lambda: contacts.get_contact(staff, odd), lambda: estimates.get_estimate(staff, odd),
             lambda: invoices.get_invoice(staff, odd), lambda: outbox.get_mail(staff, odd),
             lambda: staff_documents.document_for_editing(staff, odd, staff_documents.INVOICES),
             lambda: comments.staff_comments(staff, odd), lambda: open_invoice(portal, odd),
             lambda: open_estimate(portal, odd), lambda: payments.payment_setup(staff, odd)]
    if odd != 0:  # 0 means no contact filter at all
        found.append(lambda: outbox.list_mail(staff, contact_id=odd))
    if isinstance(odd, int):  # these take the id the HTTP route already read
        found += [lambda: portal_document_for(portal, odd), lambda: staff_document_for(staff, odd),
                  lambda: staff_statement_for(staff, odd, 'this_year')]
    return found
