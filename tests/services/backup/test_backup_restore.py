"""The owner takes a backup while clients and staff keep working, and restores it on another machine: every
document, payment and file is there, and the stored balances agree with them. A damaged file or a target that holds
data is refused before anything is written."""
from __future__ import annotations

import asyncio
import sqlite3
import subprocess
import sys
import tarfile
from contextlib import closing
from pathlib import Path

import asyncpg
import pytest
from tortoise.transactions import in_transaction

from domain.files.attachments import upload
from domain.models import Attachment, Document, Payment
from integrations import backup
from integrations.backup import databases
from tests import factories
from tests.conftest import ROOT
from tests.services.backup.conftest import Site


async def chunks(data: bytes):
    yield data


class BusyDay:
    """Staff write invoices, record payments and attach files, one after another, until told to stop."""

    def __init__(self, site: Site) -> None:
        self.site = site
        self.documents: list[int] = []
        self.payments: list[int] = []
        self.files: dict[int, bytes] = {}
        self.stop = asyncio.Event()

    async def one_more(self, n: int) -> None:
        async with in_transaction():  # as the staff's use case writes it: the document with its balances
            invoice = await factories.invoice(self.contact, 10_000 + n)
        paid = await factories.payment(self.contact, [(invoice, 2_500 + n)])
        content = f'Delivery note {n}\n'.encode() * (n + 1)
        attached = await upload(self.staff, invoice.id, f'note-{n}.txt', chunks(content), self.site.storage)
        self.documents.append(invoice.id)
        self.payments.append(paid.id)
        self.files[attached.id] = content

    async def run(self) -> None:
        await factories.business()
        self.staff = await factories.staff_actor()
        self.contact = await factories.contact()
        n = 0
        while not self.stop.is_set():
            await self.one_more(n)
            n += 1
            await asyncio.sleep(0)


def rows(site: Site, sql: str) -> list[tuple]:
    url = site.config.database_url
    if databases.kind(url) == 'sqlite':
        with closing(sqlite3.connect(databases.sqlite_path(url))) as connection:
            return connection.execute(sql).fetchall()

    async def fetch() -> list[tuple]:
        connection = await asyncpg.connect(databases.libpq_url(url))
        try:
            return [tuple(row) for row in await connection.fetch(sql)]
        finally:
            await connection.close()
    return asyncio.run(fetch())


def verify_balances(site: Site) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, '-m', 'commands.verify_balances', '--database-url',
                           site.config.database_url], cwd=ROOT, capture_output=True, text=True, check=False)


async def test_a_backup_taken_while_people_work_restores_every_document_payment_and_file(sites):
    live, target = sites
    day = BusyDay(live)
    work = asyncio.create_task(day.run())
    while len(day.documents) < 5:
        await asyncio.sleep(0.01)
    done_before = (list(day.documents), list(day.payments), dict(day.files))
    taken = await asyncio.to_thread(backup.take, live.config)
    while len(day.documents) < len(done_before[0]) + 3:  # the work went on around the backup
        await asyncio.sleep(0.01)
    day.stop.set()
    await work

    manifest = await asyncio.to_thread(backup.restore, taken.path, target.config)

    assert manifest['last_migration'] == '' or manifest['last_migration'].startswith('00')
    documents = {row[0] for row in await asyncio.to_thread(rows, target, 'SELECT id FROM document')}
    payments = {row[0] for row in await asyncio.to_thread(rows, target, 'SELECT id FROM payment')}
    files = dict(await asyncio.to_thread(rows, target, 'SELECT id, storage_key FROM attachment'))
    assert set(done_before[0]) <= documents
    assert set(done_before[1]) <= payments
    assert set(done_before[2]) <= set(files)
    for attachment_id, key in files.items():  # every file the restored database knows is there, byte for byte
        assert target.storage.exists(key)
        assert await target.storage.read_all(key) == day.files[attachment_id]
    assert len(documents) < await Document.all().count()  # what came after the backup is not in it
    assert await Payment.all().count() == len(day.payments)
    assert await Attachment.all().count() == len(day.files)
    checked = await asyncio.to_thread(verify_balances, target)
    assert checked.returncode == 0, checked.stdout + checked.stderr


async def test_a_cut_short_or_altered_backup_is_refused_before_anything_is_written(sites, tmp_path: Path):
    live, target = sites
    day = BusyDay(live)
    day.stop.set()
    await day.run()
    await day.one_more(1)
    taken = await asyncio.to_thread(backup.take, live.config)
    whole = taken.path.read_bytes()

    cut = tmp_path / 'cut.tar'
    cut.write_bytes(whole[:len(whole) // 2])
    with pytest.raises(backup.BackupDamaged):
        await asyncio.to_thread(backup.restore, cut, target.config)

    with tarfile.open(taken.path) as tar:
        manifest_starts = next(member for member in tar if member.name == 'manifest.json').offset_data
    cut.write_bytes(whole[:manifest_starts + 10])  # every file whole, the manifest cut
    with pytest.raises(backup.BackupDamaged):
        await asyncio.to_thread(backup.restore, cut, target.config)

    altered = tmp_path / 'altered.tar'
    with tarfile.open(taken.path) as tar:
        start = next(member for member in tar if member.name.startswith('attachments/')).offset_data
    flipped = bytearray(whole)
    flipped[start] ^= 0x01
    altered.write_bytes(bytes(flipped))
    with pytest.raises(backup.BackupDamaged, match='checksum'):
        await asyncio.to_thread(backup.restore, altered, target.config)

    assert await asyncio.to_thread(databases.tables, target.config.database_url) == []
    assert not (target.config.data_dir / 'attachments').exists()


async def test_a_restore_over_data_is_refused_unless_forced(sites):
    live, target = sites
    day = BusyDay(live)
    day.stop.set()
    await day.run()
    await day.one_more(1)
    taken = await asyncio.to_thread(backup.take, live.config)
    await asyncio.to_thread(backup.restore, taken.path, target.config)
    await day.one_more(2)
    newer = await asyncio.to_thread(backup.take, live.config, into=taken.path.parent / 'newer')

    with pytest.raises(backup.TargetNotEmpty):
        await asyncio.to_thread(backup.restore, newer.path, target.config)
    assert len(await asyncio.to_thread(rows, target, 'SELECT id FROM document')) == 1

    await asyncio.to_thread(backup.restore, newer.path, target.config, force=True)
    assert len(await asyncio.to_thread(rows, target, 'SELECT id FROM document')) == 2
    assert len(list((target.config.data_dir / 'attachments').glob('??/*'))) == 2
    checked = await asyncio.to_thread(verify_balances, target)
    assert checked.returncode == 0, checked.stdout + checked.stderr
