"""An estimate changed while its confirmation is open (issue 32): the client accepts what they were shown or nothing,
with or without a signature; staff who mark it accepted for the client leave a record of who, when and why."""
from __future__ import annotations

import asyncio

import pytest

from domain import clock
from domain.documents.acceptance import AcceptanceForm, ContentChanged, current_hash
from domain.documents.estimates import get_estimate, mark_estimate, update_estimate
from domain.documents.portal import accept_estimate, open_estimate
from domain.documents.staff import ESTIMATES, document_for_editing
from domain.documents.views import load_document
from domain.errors import Conflict, Invalid
from domain.models import Document, DocumentKind, EstimateAcceptance, EstimateStatus
from integrations.pdf import document_pdf
from tests import factories
from tests.services.documents.test_estimate_signatures import BROWSER, png_url
from tests.services.documents.test_pdf_documents import flat, pages_of


async def acme(*, signature: bool):
    """Northwind asks for a signature or not; Alex at Acme may accept; estimate EST: 6 hours at $90.00 = $540.00."""
    await factories.business(name='Northwind Studio', require_signature=signature)
    contact = await factories.contact('Acme Corporation')
    alex = await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    estimate = await factories.document_with_lines(contact, [factories.line('Design', '6', 9000)],
                                                   kind=DocumentKind.ESTIMATE)
    return estimate, await factories.portal_actor(alex), await factories.staff_actor(name='Olivia Owner')


async def change_quantity(staff, estimate_id: int, quantity: str) -> None:
    """Staff open the estimate in the editor, change the first line's quantity and save."""
    editing = await document_for_editing(staff, estimate_id, ESTIMATES)
    editing.draft.lines[0].quantity = quantity
    await update_estimate(staff, estimate_id, editing.draft)


def confirmation(signature: bool) -> AcceptanceForm | None:
    """What the client's confirmation sends besides the hash: the signed form, or nothing for a one-click accept."""
    return AcceptanceForm('Alex Morgan', True, png_url(), 'drawn') if signature else None


@pytest.mark.parametrize('signature', [False, True], ids=['one-click', 'signed'])
async def test_an_estimate_changed_while_the_confirmation_was_open_is_refused_with_its_new_total(db, signature):
    estimate, alex, olivia = await acme(signature=signature)
    shown = await open_estimate(alex, estimate.id)
    assert shown.view.total == 54000

    await change_quantity(olivia, estimate.id, '194')
    with pytest.raises(ContentChanged) as refused:
        await accept_estimate(alex, estimate.id, shown.content_sha256, confirmation(signature), BROWSER)

    assert refused.value.total == 1746000
    assert refused.value.message == ('This estimate was changed while you were reading it: its total is now '
                                     '$17,460.00. Please read it again before accepting it.')
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await EstimateAcceptance.exists()

    again = await open_estimate(alex, estimate.id)
    await accept_estimate(alex, estimate.id, again.content_sha256, confirmation(signature), BROWSER)
    record = await EstimateAcceptance.get(document_id=estimate.id)
    assert record.content_sha256 == again.content_sha256 == await current_hash(estimate.id)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED


@pytest.mark.parametrize('signature', [False, True], ids=['one-click', 'signed'])
async def test_an_acceptance_that_does_not_say_what_it_covers_is_refused(db, signature):
    estimate, alex, _olivia = await acme(signature=signature)
    with pytest.raises(ContentChanged):
        await accept_estimate(alex, estimate.id, '', confirmation(signature), BROWSER)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


@pytest.mark.parametrize('signature', [False, True], ids=['one-click', 'signed'])
async def test_accepting_and_saving_a_change_at_the_same_moment_never_accepts_unseen_content(db, signature):
    estimate, alex, olivia = await acme(signature=signature)
    shown = await open_estimate(alex, estimate.id)

    accepted, saved = await asyncio.gather(
        accept_estimate(alex, estimate.id, shown.content_sha256, confirmation(signature), BROWSER),
        change_quantity(olivia, estimate.id, '194'), return_exceptions=True)

    document = await Document.get(id=estimate.id)
    if accepted is None:  # the client was first: the change is refused and the record covers what they saw
        assert isinstance(saved, Conflict) and not isinstance(saved, ContentChanged)
        assert (document.status, document.total) == (EstimateStatus.ACCEPTED, 54000)
        assert (await EstimateAcceptance.get(document_id=estimate.id)).content_sha256 == shown.content_sha256
    else:  # the change was first: the acceptance is refused
        assert isinstance(accepted, ContentChanged) and saved is None
        assert (document.status, document.total) == (EstimateStatus.SENT, 1746000)
        assert not await EstimateAcceptance.exists()


async def test_staff_mark_an_estimate_accepted_with_a_reason_and_the_record_keeps_who_when_why_and_what(db):
    estimate, _alex, olivia = await acme(signature=True)
    page = await get_estimate(olivia, estimate.id)
    with pytest.raises(Invalid) as refused:
        await mark_estimate(olivia, estimate.id, 'accept', '  ', shown_sha256=page.content_sha256)
    assert refused.value.fields == {'reason': 'Say how the client accepted it, for example by phone on 3 May.'}
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT

    before = clock.now()
    await mark_estimate(olivia, estimate.id, 'accept', 'Alex said yes on the phone.\nWill sign next week.',
                        shown_sha256=page.content_sha256)

    record = (await get_estimate(olivia, estimate.id)).view.acceptance
    assert record is not None and record.by_staff
    assert (record.staff_name, record.reason) == ('Olivia Owner', 'Alex said yes on the phone.\nWill sign next week.')
    assert record.content_sha256 == page.content_sha256 and record.accepted_at >= before
    assert (record.typed_name, record.signature_png) == ('', None)
    stored = await EstimateAcceptance.get(document_id=estimate.id)
    assert (stored.staff_id, stored.person_id) == (olivia.staff_id, None)
    text = flat(pages_of(await document_pdf(await load_document(estimate.id, clock.today()))))
    assert 'Accepted by' not in text and 'Alex said yes' not in text  # the business's own note stays internal


async def test_staff_marking_an_estimate_that_changed_since_they_looked_is_refused_with_its_new_total(db):
    estimate, _alex, olivia = await acme(signature=False)
    page = await get_estimate(olivia, estimate.id)
    await change_quantity(olivia, estimate.id, '194')
    with pytest.raises(ContentChanged, match=r'\$17,460\.00'):
        await mark_estimate(olivia, estimate.id, 'accept', 'By phone', shown_sha256=page.content_sha256)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await EstimateAcceptance.exists()
