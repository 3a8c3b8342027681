"""Files attached to documents: the type decided from the content, sizes enforced while the upload streams, the
visibility rule for downloads and the headers they carry, and deleting (the file goes from the disk too)."""
from __future__ import annotations

import io
import itertools
import zipfile
from datetime import timedelta
from pathlib import Path

import httpx
import pytest
from fastapi import FastAPI

from domain import clock, tokens
from domain.errors import Conflict, Invalid, NotFound
from domain.files import attachments
from domain.files.attachments import (
    MAX_FILE,
    MAX_PER_DOCUMENT,
    SHOWN_IN_PORTAL,
    attachment_for,
    delete_attachment,
    list_attachments,
    upload,
)
from domain.files.types import REFUSED, Sniffer, clean_file_name
from domain.models import Activity, ActivityKind, Attachment, AuthorKind, OutgoingMail, Session, SessionKind
from integrations import web
from integrations.body_limit import BodyLimit
from integrations.file_storage import LocalFileStorage
from pages import attachment_routes
from tests import factories
from tests.readings import picked

PDF = b'%PDF-1.4\n1 0 obj << >> endobj\ntrailer << >>\n%%EOF\n'
PNG = b'\x89PNG\r\n\x1a\n' + b'\x00' * 40


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, 'w') as archive:
        archive.writestr('[Content_Types].xml', '<Types/>')
        archive.writestr('word/document.xml', '<w:document/>')
    return out.getvalue()


def sniff(data: bytes, name: str) -> str:
    sniffer = Sniffer()
    for start in range(0, len(data), 7):  # small chunks: markers split across chunks are still found
        sniffer.feed(data[start:start + 7])
    return sniffer.result(name).content_type


@pytest.mark.parametrize(('data', 'name', 'expected'), [
    (PDF, 'quote.pdf', 'application/pdf'),
    (PNG, 'logo.png', 'image/png'),
    (b'\xff\xd8\xff\xe0' + b'\x00' * 20, 'photo.JPG', 'image/jpeg'),
    (b'GIF89a' + b'\x00' * 20, 'anim.gif', 'image/gif'),
    (b'RIFF\x10\x00\x00\x00WEBPVP8 ', 'pic.webp', 'image/webp'),
    (docx(), 'contract.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document'),
    (b'\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1' + b'\x00' * 40, 'old.xls', 'application/vnd.ms-excel'),
    ('Purchase order 4711\nQty 3 — €12,00\n'.encode(), 'po.txt', 'text/plain; charset=utf-8'),
    (b'a,b\n1,2\n', 'rows.csv', 'text/plain; charset=utf-8'),
])
def test_the_type_comes_from_the_content(data, name, expected):
    assert sniff(data, name) == expected


@pytest.mark.parametrize(('data', 'name'), [
    (b'<!DOCTYPE html><html><script>alert(1)</script></html>', 'invoice.pdf'),  # a web page called .pdf
    (b'  <svg onload="alert(1)"></svg>', 'notes.txt'),
    (b'MZ\x90\x00\x03\x00\x00\x00', 'setup.pdf'),
    (b'PK\x03\x04' + b'\x00' * 40, 'archive.docx'),  # a zip, but not an office document
    (b'text with a \x00 NUL', 'notes.txt'),
    (b'\xff\xfe broken utf-8', 'notes.txt'),
    (PDF, 'picture.png'),  # a real PDF with an image's name
    (b'', 'empty.txt'),
])
def test_anything_else_is_refused_with_a_clear_message(data, name):
    with pytest.raises(Invalid) as refused:
        sniff(data, name)
    assert refused.value.fields['file']


def test_file_names_are_cleaned_for_display_and_headers():
    assert clean_file_name('C:\\Users\\x\\..\\"evil"<name>.pdf') == 'evil name .pdf'
    assert '/' not in clean_file_name('../../etc/passwd') and clean_file_name('../../etc/passwd') == 'passwd'
    assert clean_file_name('a\r\nb.txt') == 'a b.txt'
    assert clean_file_name('') == 'file'
    assert len(clean_file_name('x' * 300 + '.pdf')) <= 150 and clean_file_name('x' * 300 + '.pdf').endswith('.pdf')


async def chunks(data: bytes, size: int = 65536):
    for start in range(0, len(data), size):
        yield data[start:start + size]


@pytest.fixture
def store(tmp_path: Path, monkeypatch) -> LocalFileStorage:
    local = LocalFileStorage(tmp_path / 'attachments')
    monkeypatch.setattr(attachment_routes, 'storage', lambda: local)
    return local


def files_on_disk(store: LocalFileStorage) -> list[Path]:
    return [p for p in store.root.rglob('*') if p.is_file()] if store.root.exists() else []


async def two_clients():
    await factories.business()
    acme = await factories.contact('Acme Corporation')
    globex = await factories.contact('Globex Ltd')
    alex = await factories.person(acme, 'alex@acme.example', first_name='Alex', last_name='Morgan')
    grace = await factories.person(globex, 'grace@globex.example', first_name='Grace', last_name='Hopper')
    return acme, globex, alex, grace


async def signed_in(person=None, staff=None) -> tuple[str, str]:
    """A session with a known cookie, as the browser holds it: (cookie name, key)."""
    key = tokens.new_secret()
    now = clock.now()
    kind = SessionKind.PORTAL if person else SessionKind.STAFF
    await Session.create(kind=kind, person=person, staff=staff, key_hash=tokens.digest(key), created_at=now,
                         last_seen_at=now, expires_at=now + timedelta(hours=1))
    return web.COOKIE[kind], key


def http(cookie: tuple[str, str]) -> httpx.AsyncClient:
    """The real edge (body limits inside the portal middleware, as app.py adds them) and routes in one ASGI app; the
    request body streams through as the client sends it."""
    app = FastAPI()
    app.add_middleware(BodyLimit)
    app.add_middleware(web.PortalMiddleware)
    app.include_router(attachment_routes.router)
    return httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url='http://portal.test',
                             cookies={cookie[0]: cookie[1]})


async def test_staff_and_clients_attach_files_and_each_client_sees_only_what_is_theirs(db, store):
    acme, _, alex, grace = await two_clients()
    staff = await factories.staff_actor()
    alex_actor, grace_actor = await factories.portal_actor(alex), await factories.portal_actor(grace)
    invoice = await factories.invoice(acme, 50000)
    shown = await upload(staff, invoice.id, 'Scope.pdf', chunks(PDF), store, show_in_portal=True)
    internal = await upload(staff, invoice.id, 'Margins.pdf', chunks(PDF), store)
    order = await upload(alex_actor, invoice.id, 'PO 4711.pdf', chunks(PDF), store)

    assert [a.file_name for a in await list_attachments(alex_actor, invoice.id)] == ['Scope.pdf', 'PO 4711.pdf']
    assert [a.file_name for a in await list_attachments(staff, invoice.id)] == ['Scope.pdf', 'Margins.pdf',
                                                                              'PO 4711.pdf']
    assert (await attachment_for(alex_actor, shown.id)).content_type == 'application/pdf'
    for attachment_id in (internal.id, 999_999):
        with pytest.raises(NotFound):
            await attachment_for(alex_actor, attachment_id)
    for attachment_id in (shown.id, internal.id, order.id):  # another client's files are simply not there
        with pytest.raises(NotFound):
            await attachment_for(grace_actor, attachment_id)
        with pytest.raises(NotFound):
            await delete_attachment(grace_actor, attachment_id, store)
    with pytest.raises(NotFound):
        await list_attachments(grace_actor, invoice.id)
    with pytest.raises(NotFound):
        await upload(grace_actor, invoice.id, 'x.pdf', chunks(PDF), store)
    draft = await factories.invoice(acme, 100, status='draft')
    with pytest.raises(NotFound):
        await upload(alex_actor, draft.id, 'x.pdf', chunks(PDF), store)

    activity = await Activity.get(kind=ActivityKind.UPLOADED)
    assert (activity.person_id, activity.document_id, activity.detail) == (alex.id, invoice.id, 'PO 4711.pdf')
    email = await OutgoingMail.get(kind='activity_uploaded')
    assert 'Alex Morgan at Acme Corporation uploaded a file' in email.text_body and 'PO 4711.pdf' in email.text_body
    assert len(files_on_disk(store)) == 3


async def test_which_files_the_portal_shows_reads_alike_on_every_row(db):
    """Uploaded by the client or by staff x "Show in portal" or not x going with the email or not: the portal's list
    (SQL), a download (Python on the row read) and the ORM filter agree."""
    acme, _, alex, _ = await two_clients()
    alex_actor = await factories.portal_actor(alex)
    invoice = await factories.invoice(acme, 50000)
    for n, (by, shown, emailed) in enumerate(itertools.product(AuthorKind, (False, True), (False, True))):
        await Attachment.create(document=invoice, storage_key=f'key-{n}', file_name=f'{by} {shown} {emailed}.pdf',
                                content_type='application/pdf', size=10, uploaded_by=by, show_in_portal=shown,
                                send_with_email=emailed, person=alex if by == AuthorKind.CLIENT else None,
                                uploader_name='Someone')
    everything = await Attachment.all()
    visible = await picked(Attachment, SHOWN_IN_PORTAL, everything)
    assert {(a.uploaded_by, a.show_in_portal) for a in everything if a.id in visible} == {
        (AuthorKind.CLIENT, False), (AuthorKind.CLIENT, True), (AuthorKind.STAFF, True)}

    assert {a.id for a in await list_attachments(alex_actor, invoice.id)} == visible
    for row in everything:
        if row.id in visible:
            assert (await attachment_for(alex_actor, row.id)).storage_key == row.storage_key
        else:
            with pytest.raises(NotFound):
                await attachment_for(alex_actor, row.id)


async def test_a_right_to_left_override_cannot_dress_a_text_file_up_as_a_pdf(db, store):
    acme, _, alex, _ = await two_clients()
    invoice = await factories.invoice(acme, 50000)
    async with http(await signed_in(person=alex)) as client:
        response = await client.post(f'/portal/documents/{invoice.id}/attachments', content=b'plain words\n',
                                     headers={'X-File-Name': 'invoice%E2%80%AEfdp.txt'})
    assert response.status_code == 201 and response.json()['name'] == 'invoicefdp.txt'
    staff = await factories.staff_actor()
    assert [a.file_name for a in await list_attachments(staff, invoice.id)] == ['invoicefdp.txt']
    assert (await Activity.get(kind=ActivityKind.UPLOADED)).detail == 'invoicefdp.txt'  # what the bell shows
    email = await OutgoingMail.get(kind='activity_uploaded')
    assert 'invoicefdp.txt' in email.text_body and '\u202e' not in email.text_body + email.subject


async def test_deleting_follows_the_rules_and_removes_the_file_from_the_disk(db, store):
    acme, _, alex, _ = await two_clients()
    colleague = await factories.person(acme, 'sam@acme.example', first_name='Sam', is_primary=False)
    staff = await factories.staff_actor()
    alex_actor, sam_actor = await factories.portal_actor(alex), await factories.portal_actor(colleague)
    invoice = await factories.invoice(acme, 50000)
    mine = await upload(alex_actor, invoice.id, 'remittance.txt', chunks(b'Paid by transfer.\n'), store)
    theirs = await upload(staff, invoice.id, 'terms.pdf', chunks(PDF), store, show_in_portal=True)
    with pytest.raises(Conflict):
        await delete_attachment(sam_actor, mine.id, store)  # a colleague's upload
    with pytest.raises(Conflict):
        await delete_attachment(alex_actor, theirs.id, store)  # the business's file
    await delete_attachment(alex_actor, mine.id, store)
    assert not await Attachment.filter(id=mine.id).exists()
    assert len(files_on_disk(store)) == 1

    again = await upload(alex_actor, invoice.id, 'remittance.txt', chunks(b'Paid.\n'), store)
    await factories.payment(acme, [(invoice, 50000)])
    await invoice.refresh_from_db()
    invoice.status = 'paid'
    await invoice.save()
    with pytest.raises(Conflict):  # the invoice is closed now
        await delete_attachment(alex_actor, again.id, store)
    await delete_attachment(staff, again.id, store)
    await delete_attachment(staff, theirs.id, store)
    assert files_on_disk(store) == []


async def test_a_refused_type_keeps_nothing_and_the_twenty_first_file_is_refused(db, store):
    acme, _, alex, _ = await two_clients()
    staff = await factories.staff_actor()
    invoice = await factories.invoice(acme, 50000)
    with pytest.raises(Invalid):
        await upload(staff, invoice.id, 'invoice.pdf', chunks(b'<html><body>Pay here</body></html>'), store)
    assert files_on_disk(store) == [] and not await Attachment.exists()
    for n in range(MAX_PER_DOCUMENT):
        await upload(staff, invoice.id, f'{n}.txt', chunks(b'note\n'), store)
    with pytest.raises(Conflict):
        await upload(await factories.portal_actor(alex), invoice.id, 'one-more.txt', chunks(b'x\n'), store)
    assert len(files_on_disk(store)) == MAX_PER_DOCUMENT


async def test_an_eleven_megabyte_upload_is_cut_off_while_it_streams(db, store):
    acme, _, alex, _ = await two_clients()
    invoice = await factories.invoice(acme, 50000)
    sent = 0

    async def eleven_megabytes():
        nonlocal sent
        block = b'%PDF-1.4\n' + b'0' * (65536 - 9)
        for _ in range(11 * 16):  # 11 MB in 64 KB blocks, made only when the server asks for more
            sent += len(block)
            yield block

    async with http(await signed_in(person=alex)) as client:
        # no Content-Length: the server cannot know the size until it has read the body
        response = await client.post(f'/portal/documents/{invoice.id}/attachments', content=eleven_megabytes(),
                                     headers={'X-File-Name': 'big.pdf'})
        assert response.status_code == 413
        assert response.json()['message'] == attachments.TOO_LARGE
        assert sent <= MAX_FILE + 2 * 65536, f'the server read {sent} bytes'  # it stopped just past 10 MB

        announced = await client.post(f'/portal/documents/{invoice.id}/attachments', content=b'%PDF-',
                                      headers={'X-File-Name': 'big.pdf', 'Content-Length': str(11 * 2**20)})
        assert announced.status_code == 413  # refused before reading anything
        assert announced.json()['message'] == attachments.TOO_LARGE
    assert not await Attachment.exists() and files_on_disk(store) == []


def pdf_of(size: int) -> bytes:
    return PDF[:-6] + b'%' + b'7' * (size - len(PDF) - 2) + b'\n%%EOF\n'


@pytest.mark.parametrize('side', ['portal', 'staff'])
async def test_a_file_of_exactly_ten_megabytes_is_attached_on_both_sides_and_one_byte_more_is_refused(db, store, side):
    acme, _, alex, _ = await two_clients()
    invoice = await factories.invoice(acme, 50000)
    cookie = await signed_in(person=alex) if side == 'portal' else await signed_in(staff=await factories.staff())
    nine_and_a_half, exactly_ten = pdf_of(9_500_000), pdf_of(MAX_FILE)
    assert len(exactly_ten) == MAX_FILE
    async with http(cookie) as client:
        for name, body in (('scan.pdf', nine_and_a_half), ('full.pdf', exactly_ten)):
            response = await client.post(f'/{side}/documents/{invoice.id}/attachments', content=chunks(body),
                                         headers={'X-File-Name': name})
            assert response.status_code == 201, response.text
            download = await client.get(f'/{side}/attachments/{response.json()["id"]}')
            assert download.status_code == 200 and download.content == body
        for headers in ({'X-File-Name': 'over.pdf'}, {'X-File-Name': 'over.pdf', 'Content-Length': str(MAX_FILE + 1)}):
            refused = await client.post(f'/{side}/documents/{invoice.id}/attachments',
                                        content=chunks(pdf_of(MAX_FILE + 1)), headers=headers)
            assert refused.status_code == 413
            assert 'larger than 10 MB' in refused.json()['message']
    assert sorted(a.file_name for a in await Attachment.all()) == ['full.pdf', 'scan.pdf']
    assert len(files_on_disk(store)) == 2  # the refused file left nothing behind, not even a partial one


async def test_downloads_are_attachments_with_nosniff_and_a_sandbox_and_another_clients_id_is_not_found(db, store):
    acme, _, alex, grace = await two_clients()
    staff_user = await factories.staff('files@example.com')
    invoice = await factories.invoice(acme, 50000)
    async with http(await signed_in(staff=staff_user)) as client:
        response = await client.post(f'/staff/documents/{invoice.id}/attachments?portal=1', content=PDF,
                                     headers={'X-File-Name': 'Angebot%20M%C3%BCller%22%3B%20x%3D.pdf'})
        assert response.status_code == 201
        attachment_id = response.json()['id']
        refused = await client.post(f'/staff/documents/{invoice.id}/attachments', content=b'<html></html>',
                                    headers={'X-File-Name': 'invoice.pdf'})
        assert refused.status_code == 422 and refused.json()['message'] == REFUSED
    async with http(await signed_in(person=alex)) as client:
        download = await client.get(f'/portal/attachments/{attachment_id}')
    assert download.status_code == 200 and download.content == PDF
    headers = download.headers
    assert headers['content-type'] == 'application/pdf'
    assert headers['content-disposition'] == ('attachment; filename="Angebot M_ller _ x_.pdf"; '  # no quote left
                                              "filename*=UTF-8''Angebot%20M%C3%BCller%20%3B%20x%3D.pdf")
    assert headers['x-content-type-options'] == 'nosniff'
    assert headers['content-security-policy'].startswith('sandbox')
    assert 'private' in headers['cache-control']
    async with http(await signed_in(person=grace)) as client:
        assert (await client.get(f'/portal/attachments/{attachment_id}')).status_code == 404
        assert (await client.post(f'/portal/documents/{invoice.id}/attachments', content=PDF,
                                  headers={'X-File-Name': 'x.pdf'})).status_code == 404


async def test_files_marked_to_go_with_the_email_are_attached_when_the_document_is_sent(db, store, monkeypatch):
    from domain.documents.invoices import send_invoice
    from domain.documents.staff import get_document
    from integrations import file_storage
    from integrations.pdf import render_attachment
    monkeypatch.setattr(file_storage, 'storage', lambda: store)
    acme, _, _, _ = await two_clients()
    staff = await factories.staff_actor()
    invoice = await factories.invoice(acme, 50000, status='draft')
    emailed = await upload(staff, invoice.id, 'Scope.pdf', chunks(PDF), store, show_in_portal=True)
    await upload(staff, invoice.id, 'Internal.pdf', chunks(PDF), store)
    await attachments.set_sharing(staff, emailed.id, show_in_portal=True, send_with_email=True)
    assert (await get_document(staff, invoice.id, ('invoice',))).emailed_files == ('Scope.pdf',)  # the Send dialog
    await send_invoice(staff, invoice.id)
    (mail,) = await OutgoingMail.filter(kind='invoice_sent')
    assert mail.attachments == [{'document_id': invoice.id}, {'attachment_id': emailed.id}]
    assert await render_attachment({'attachment_id': emailed.id}) == ('Scope.pdf', PDF)


async def test_deleting_a_draft_removes_its_files_from_the_disk(db, store):
    from domain.documents.staff import delete_draft
    acme, _, _, _ = await two_clients()
    staff = await factories.staff_actor()
    draft = await factories.invoice(acme, 100, status='draft')
    await upload(staff, draft.id, 'notes.txt', chunks(b'draft notes\n'), store)
    assert len(files_on_disk(store)) == 1
    await delete_draft(staff, draft.id, store)
    assert files_on_disk(store) == [] and not await Attachment.exists()


async def test_only_staff_choose_what_the_portal_shows(db, store):
    acme, _, alex, _ = await two_clients()
    staff = await factories.staff_actor()
    invoice = await factories.invoice(acme, 50000)
    internal = await upload(staff, invoice.id, 'Margins.pdf', chunks(PDF), store)
    with pytest.raises(NotFound):
        await attachments.set_sharing(await factories.portal_actor(alex), internal.id, show_in_portal=True,
                                      send_with_email=False)
    assert not (await Attachment.get(id=internal.id)).show_in_portal
