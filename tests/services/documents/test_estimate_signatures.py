"""Accepting an estimate with a signature: the record it leaves, what is refused, and where the record shows."""
from __future__ import annotations

import base64
import io

import pytest
from PIL import Image, ImageDraw

from domain import clock
from domain.documents.acceptance import AcceptanceForm, Requester, current_hash
from domain.documents.drafts import DocumentDraft, LineDraft
from domain.documents.estimates import send_estimate, update_estimate
from domain.documents.portal import accept_estimate, decline_estimate, open_estimate
from domain.documents.staff import get_document
from domain.documents.views import load_document
from domain.errors import Conflict, Invalid
from domain.models import Business, Document, EstimateAcceptance, EstimateStatus, OutgoingMail
from integrations.pdf import document_pdf
from tests import factories
from tests.services.documents.test_pdf_documents import flat, pages_of

BROWSER = Requester(ip='198.51.100.7', user_agent='Mozilla/5.0 (X11; Linux x86_64) Chrome/140')


def png_url(width: int = 600, height: int = 200, *, ink: bool = True, fmt: str = 'PNG') -> str:
    image = Image.new('RGBA', (width, height), (0, 0, 0, 0))
    if ink:
        ImageDraw.Draw(image).line([(20, height // 2), (width - 40, height // 3)], fill=(15, 23, 42, 255), width=5)
    out = io.BytesIO()
    image.convert('RGB').save(out, fmt) if fmt != 'PNG' else image.save(out, fmt)
    return f'data:image/png;base64,{base64.b64encode(out.getvalue()).decode()}'


async def signing_client(require: bool = True):
    await factories.business(name='Northwind Studio', email='hello@northwind.example', require_signature=require)
    contact = await factories.contact('Acme Corporation')
    alex = await factories.person(contact, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    return contact, await factories.portal_actor(alex)


def signed(**changes) -> AcceptanceForm:
    values = {'typed_name': 'Alex Morgan', 'agreed': True, 'signature': png_url(), 'signature_kind': 'drawn', **changes}
    return AcceptanceForm(**values)


async def test_a_signed_acceptance_keeps_who_when_where_the_signature_and_the_content_hash(db):
    contact, actor = await signing_client()
    estimate = await factories.estimate(contact, 125000, terms='Half up front.')
    shown = await open_estimate(actor, estimate.id)
    assert shown.signature_required and len(shown.content_sha256) == 64

    await accept_estimate(actor, estimate.id, shown.content_sha256, signed(), BROWSER)

    record = await EstimateAcceptance.get(document_id=estimate.id)
    assert (record.typed_name, record.person_name, record.person_email) == ('Alex Morgan', 'Alex Morgan',
                                                                            'alex@acme.example')
    assert (record.ip, record.user_agent) == (BROWSER.ip, BROWSER.user_agent)
    assert record.content_sha256 == shown.content_sha256
    assert record.signature_kind == 'drawn'
    stored = Image.open(io.BytesIO(record.signature_png))
    assert stored.format == 'PNG' and stored.size == (600, 200) and stored.getchannel('A').getbbox() is not None
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED

    view = await load_document(estimate.id, clock.today())
    text = flat(pages_of(await document_pdf(view)))
    assert f'Accepted by Alex Morgan on {record.accepted_at:%d %b %Y}' in text
    assert shown.content_sha256 in text.replace(' ', '')
    staff = await factories.staff_actor()
    assert (await get_document(staff, estimate.id, ('estimate',))).view.acceptance.typed_name == 'Alex Morgan'
    email = await OutgoingMail.get(kind='activity_accepted')
    assert 'Accepted by Alex Morgan on' in email.text_body and 'with a drawn signature' in email.text_body


@pytest.mark.parametrize(('changes', 'field'), [
    ({'typed_name': '  '}, 'typed_name'),
    ({'agreed': False}, 'agreed'),
    ({'signature': ''}, 'signature'),
    ({'signature': png_url(ink=False)}, 'signature'),  # an empty canvas
    ({'signature': png_url(fmt='JPEG')}, 'signature'),  # not a PNG, whatever the data URL says
    ({'signature': 'data:image/png;base64,' + 'A' * 300_000}, 'signature'),  # too many bytes
    ({'signature': png_url(4000, 200)}, 'signature'),  # too many pixels
    ({'signature': 'data:image/svg+xml;base64,PHN2Zz4='}, 'signature'),
])
async def test_a_missing_name_agreement_or_bad_signature_is_refused_and_changes_nothing(db, changes, field):
    contact, actor = await signing_client()
    estimate = await factories.estimate(contact, 5000)
    with pytest.raises(Invalid) as refused:
        await accept_estimate(actor, estimate.id, await current_hash(estimate.id), signed(**changes), BROWSER)
    assert field in refused.value.fields
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await EstimateAcceptance.exists()


async def test_one_click_accept_is_refused_when_the_business_asks_for_a_signature(db):
    contact, actor = await signing_client()
    estimate = await factories.estimate(contact, 5000)
    with pytest.raises(Invalid):
        await accept_estimate(actor, estimate.id, await current_hash(estimate.id))
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT


async def test_without_the_setting_accept_needs_no_signature_but_still_leaves_a_record(db):
    contact, actor = await signing_client(require=False)
    estimate = await factories.estimate(contact, 5000)
    shown = await open_estimate(actor, estimate.id)
    assert not shown.signature_required
    await accept_estimate(actor, estimate.id, shown.content_sha256, requester=BROWSER)
    record = await EstimateAcceptance.get(document_id=estimate.id)
    assert record.signature_png is None and record.typed_name == 'Alex Morgan' and record.ip == BROWSER.ip


async def test_an_estimate_changed_while_the_client_read_it_cannot_be_accepted_as_it_was(db):
    contact, actor = await signing_client()
    staff = await factories.staff_actor()
    estimate = await factories.estimate(contact, 5000)
    shown = await open_estimate(actor, estimate.id)
    await update_estimate(staff, estimate.id, DocumentDraft(
        kind='estimate', contact_id=contact.id, issue_date=estimate.issue_date.isoformat(),
        expiry_date=estimate.expiry_date.isoformat(), lines=[LineDraft(name='Item 1', rate='90.00')]))
    with pytest.raises(Conflict):
        await accept_estimate(actor, estimate.id, shown.content_sha256, signed(), BROWSER)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.SENT
    assert not await EstimateAcceptance.exists()


async def test_an_accepted_estimate_cannot_be_edited_and_a_changed_resent_one_needs_a_new_acceptance(db):
    contact, actor = await signing_client()
    staff = await factories.staff_actor()
    await factories.person(contact, 'second@acme.example')
    estimate = await factories.estimate(contact, 5000)
    draft = DocumentDraft(kind='estimate', contact_id=contact.id, issue_date=estimate.issue_date.isoformat(),
                          expiry_date=estimate.expiry_date.isoformat(), lines=[LineDraft(name='Item 1', rate='75.00')])
    await decline_estimate(actor, estimate.id, 'Too dear')
    await update_estimate(staff, estimate.id, draft)
    await send_estimate(staff, estimate.id)
    first_hash = (await open_estimate(actor, estimate.id)).content_sha256
    await accept_estimate(actor, estimate.id, first_hash, signed(), BROWSER)
    with pytest.raises(Conflict):
        await update_estimate(staff, estimate.id, draft)
    with pytest.raises(Conflict):
        await send_estimate(staff, estimate.id)
    (record,) = await EstimateAcceptance.filter(document_id=estimate.id)
    assert record.content_sha256 == first_hash
    assert (await load_document(estimate.id, clock.today())).total == 7500


async def test_the_signature_setting_is_on_for_a_new_business_and_staff_can_turn_it_off(db):
    from domain.business.settings import get_settings, save_portal_settings
    contact, actor = await signing_client()
    staff = await factories.staff_actor()
    await Business.all().delete()
    await Business.create(name='Fresh Co', email='fresh@example.com')
    settings = await get_settings(staff)
    assert settings.portal.require_signature
    estimate = await factories.estimate(contact, 5000)
    assert (await open_estimate(actor, estimate.id)).signature_required
    settings.portal.require_signature = False
    await save_portal_settings(staff, settings.portal)
    shown = await open_estimate(actor, estimate.id)
    assert not shown.signature_required
    await accept_estimate(actor, estimate.id, shown.content_sha256, requester=BROWSER)
    assert (await Document.get(id=estimate.id)).status == EstimateStatus.ACCEPTED
