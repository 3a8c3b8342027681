"""Olivia, the owner, moves the due date of one of Acme's invoices; Alex at Acme comments on it from his phone.
Olivia opens the Audit trail, narrows it to that invoice, reads both rows (who, from where, the dates before and
after) and downloads them as CSV. Sam, who works for her but is not the owner, has no Audit trail."""
from __future__ import annotations

import csv
import re
import sqlite3
from pathlib import Path

from playwright.sync_api import Browser, Page, expect

from domain.overview.demo import CLIENT_EMAIL, CLIENT_PASSWORD, STAFF_EMAIL, STAFF_PASSWORD
from tests.e2e.conftest import Server, accessibility_violations, new_context, sign_in


def open_invoice(server: Server) -> tuple[int, str]:
    with sqlite3.connect(server.env['DATABASE_URL'].removeprefix('sqlite://')) as connection:
        return connection.execute(
            "SELECT d.id, d.number FROM document d JOIN contact c ON c.id = d.contact_id "
            "WHERE c.display_name = 'Acme Corporation' AND d.kind = 'invoice' AND d.status = 'sent' "
            'ORDER BY d.id LIMIT 1').fetchone()


def test_the_owner_reads_a_due_date_change_and_a_client_comment_in_the_trail(page: Page, browser: Browser,
                                                                           server: Server, tmp_path: Path):
    invoice_id, number = open_invoice(server)
    owner_context = new_context(browser, viewport={'width': 1280, 'height': 900}, accept_downloads=True)
    owner = owner_context.new_page()
    try:
        sign_in(owner, server, 'staff', STAFF_EMAIL, STAFF_PASSWORD)
        owner.goto(f'{server.url}/staff/invoices/{invoice_id}/edit')
        owner.get_by_label('Due date').fill('2031-05-20')
        owner.get_by_role('button', name='Save changes').click()
        expect(owner.get_by_role('heading', name=f'Invoice {number}')).to_be_visible()

        client = page
        sign_in(client, server, 'portal', CLIENT_EMAIL, CLIENT_PASSWORD)
        client.goto(f'{server.url}/portal/invoices/{invoice_id}')
        client.get_by_label('Comment', exact=True).fill('Thanks for the extra time.')
        client.get_by_role('button', name='Post comment').click()
        expect(client.get_by_role('log', name='Comments').get_by_text('Thanks for the extra time.')).to_be_visible()

        owner.get_by_role('link', name='Audit trail').click()
        expect(owner.get_by_role('heading', name='Audit trail')).to_be_visible()
        owner.get_by_label('Document number').fill(number)
        owner.get_by_label('Document number').press('Enter')
        expect(owner.get_by_role('status')).to_have_text('2 entries')
        trail = owner.get_by_role('list', name='Audit trail')
        edited = trail.get_by_role('listitem').filter(has_text='Invoice edited')
        expect(edited).to_contain_text('Olivia Owner (staff) · from 127.0.0.1')
        expect(edited).to_contain_text(re.compile(r'Due date: .+ -> 20 May 2031'))
        commented = trail.get_by_role('listitem').filter(has_text='Comment posted')
        expect(commented).to_contain_text('Alex Morgan (client) · from 127.0.0.1')
        expect(commented).to_contain_text('Thanks for the extra time.')
        assert f'document={number}' in owner.url
        assert accessibility_violations(owner) == []

        with owner.expect_download() as download:
            owner.get_by_role('link', name='Download CSV').click()
        saved = tmp_path / download.value.suggested_filename
        download.value.save_as(saved)
        rows = list(csv.reader(saved.open(encoding='utf-8')))
        assert rows[0] == ['When', 'Who', 'Network address', 'What', 'Contact', 'Document or item', 'Changes', 'Note']
        assert [row[3] for row in rows[1:]] == ['Comment posted', 'Invoice edited']
        assert rows[2][1:3] == ['Olivia Owner (staff)', '127.0.0.1'] and rows[2][5] == number
        assert '-> 20 May 2031' in rows[2][6]
    finally:
        owner_context.close()


def test_a_colleague_who_is_not_the_owner_has_no_audit_trail(page: Page, server: Server):
    sign_in(page, server, 'staff', 'sam@northwind.example', STAFF_PASSWORD)
    page.goto(f'{server.url}/staff/audit')
    expect(page.get_by_role('alert')).to_have_text('Only the owner can read the audit trail.')
    expect(page.get_by_role('link', name='Audit trail')).to_have_count(0)
    assert page.request.get(f'{server.url}/staff/audit.csv').status == 404
