"""Backups of the whole portal and restoring them (`make backup`, `make restore FILE=...`, and the nightly job).

A backup is one tar file (archive.py) in the backup folder (`BACKUP_DIR`, else `DATA_DIR/backups`), named
`portal-YYYYMMDDTHHMMSSZ.tar` after the moment it was taken: the database (databases.py), every attachment, the
generated `secret.key` when there is one, and a manifest with the time, the app's version and commit, the last
migration applied and every member's size and SHA-256.

Restoring checks the whole file first and writes nothing unless every checksum holds; it then loads the database
and the files into an empty database and data folder, or over existing ones when told to (`force`).
"""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import settings
from domain.jobs.backups import BackupFile
from integrations.backup import archive, databases
from integrations.backup.archive import BackupDamaged
from integrations.backup.databases import DatabaseToolFailed

__all__ = ['BackupDamaged', 'BackupFolder', 'BackupInfo', 'DatabaseToolFailed', 'TargetNotEmpty', 'listing', 'restore',
           'take']

NAME = re.compile(r'portal-(\d{8}T\d{6}Z)\.tar')


class TargetNotEmpty(Exception):
    """The database or the attachments folder already holds data, and the restore was not forced."""


@dataclass(frozen=True)
class BackupInfo:
    path: Path
    taken_at: datetime
    size: int


def folder(config: settings.Settings) -> Path:
    return config.backup_dir


def _version() -> dict[str, str]:
    version = tomllib.loads((settings.ROOT / 'pyproject.toml').read_text())['project']['version']
    try:
        commit = subprocess.run(['git', 'rev-parse', 'HEAD'], cwd=settings.ROOT, capture_output=True, text=True,
                                check=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        commit = ''
    return {'version': version, 'commit': commit}


def _attachments(data_dir: Path) -> list[tuple[str, Path]]:
    root = data_dir / 'attachments'
    return [(f'attachments/{path.parent.name}/{path.name}', path) for path in sorted(root.glob('??/*'))
            if archive.ALLOWED.fullmatch(f'attachments/{path.parent.name}/{path.name}')]


def take(config: settings.Settings, now: datetime | None = None, into: Path | None = None) -> BackupInfo:
    """Write a backup of the database and the data folder while the portal goes on serving (blocking: call it in a
    thread from async code)."""
    now = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target_folder = into or folder(config)
    target_folder.mkdir(parents=True, exist_ok=True)
    path = target_folder / f'portal-{now:%Y%m%dT%H%M%SZ}.tar'
    with tempfile.TemporaryDirectory(dir=target_folder, prefix='.taking-') as work:
        dumped = Path(work) / databases.dump_name(config.database_url)
        databases.dump(config.database_url, dumped)  # the database first: a file added later is only extra
        members = [(dumped.name, dumped), *_attachments(config.data_dir)]
        if (config.data_dir / 'secret.key').exists():
            members.append(('secret.key', config.data_dir / 'secret.key'))
        archive.write(path, members, {
            'taken_at': now.isoformat(), **_version(), 'database': databases.kind(config.database_url),
            'last_migration': databases.last_migration(config.database_url)})
    return BackupInfo(path, now, path.stat().st_size)


def listing(backup_folder: Path) -> list[BackupInfo]:
    """The backups in the folder, newest first (by the moment in their names)."""
    found = []
    for path in backup_folder.glob('portal-*.tar'):
        if match := NAME.fullmatch(path.name):
            taken = datetime.strptime(match[1], '%Y%m%dT%H%M%SZ').replace(tzinfo=UTC)
            found.append(BackupInfo(path, taken, path.stat().st_size))
    return sorted(found, key=lambda info: info.taken_at, reverse=True)


def _attachment_files(data_dir: Path) -> list[Path]:
    root = data_dir / 'attachments'
    return [path for path in root.rglob('*') if path.is_file()] if root.exists() else []


def restore(path: Path, config: settings.Settings, *, force: bool = False) -> dict[str, Any]:
    """Check the backup whole, then load it into the database and data folder of `config`. Refuses (before writing
    anything) a damaged file, a backup of the other kind of database, and a target that holds data unless `force`.
    Returns the manifest."""
    manifest = archive.verify(path)
    if manifest.get('database') != databases.kind(config.database_url):
        raise BackupDamaged(f'this is a backup of a {manifest.get("database")} database, and DATABASE_URL names '
                            f'a {databases.kind(config.database_url)} one')
    held = databases.tables(config.database_url)
    files = _attachment_files(config.data_dir)
    if (held or files) and not force:
        raise TargetNotEmpty(f'the target is not empty ({len(held)} tables in the database, {len(files)} files in '
                             f'{config.data_dir / "attachments"}): restore into an empty one, or force it')
    attachments = config.data_dir / 'attachments'
    if force and attachments.exists():
        shutil.rmtree(attachments)
    config.data_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=config.data_dir, prefix='.restoring-') as work:
        for name, handle in archive.members(path):
            if name.startswith('database.'):
                dumped = Path(work) / name
                with open(dumped, 'wb') as out:
                    shutil.copyfileobj(handle, out)
                databases.load(config.database_url, dumped, replace=bool(held))
                continue
            target = config.data_dir / name  # secret.key too: the target's own was made a moment ago, for nothing
            target.parent.mkdir(parents=True, exist_ok=True)
            with open(target, 'wb') as out:
                shutil.copyfileobj(handle, out)
            if name == 'secret.key':
                os.chmod(target, 0o600)
    return manifest


class BackupFolder:
    """The nightly job's backups (domain/jobs/backups.py): taken into, listed from and pruned in the backup folder."""

    def __init__(self, config: settings.Settings) -> None:
        self.config = config

    def take(self, now: datetime) -> BackupFile:
        info = take(self.config, now)
        return BackupFile(info.path.name, info.taken_at, info.size)

    def listing(self) -> list[BackupFile]:
        return [BackupFile(info.path.name, info.taken_at, info.size) for info in listing(folder(self.config))]

    def delete(self, name: str) -> None:
        if NAME.fullmatch(name):
            (folder(self.config) / name).unlink(missing_ok=True)
