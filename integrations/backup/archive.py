"""A backup file: one tar holding the database dump, the attachments and, last, `manifest.json`, which lists every
other member with its size and SHA-256 (and a SHA-256 of its own content).

`verify` reads the whole file and checks it before anything is restored: a truncated file has lost its manifest or
ends inside a member, an altered one fails a checksum, and a member the manifest does not list (or a name that
could point outside the target folder) is refused. `members` then gives the checked members for restoring.
"""
from __future__ import annotations

import hashlib
import io
import json
import os
import re
import tarfile
import time
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

MANIFEST = 'manifest.json'
FORMAT = 1
CHUNK = 1024 * 1024
# the only names a backup may hold besides the manifest: nothing that could climb out of the target folder
ALLOWED = re.compile(r'database\.(sqlite3|pgdump)|secret\.key|attachments/[0-9a-f]{2}/[0-9a-f]{32}')


class BackupDamaged(Exception):
    """The file is not a complete, unaltered backup: nothing was restored."""


class _Hashing:
    """A file object for tarfile that hashes what it reads."""

    def __init__(self, handle: IO[bytes]) -> None:
        self.handle = handle
        self.digest = hashlib.sha256()

    def read(self, size: int = -1) -> bytes:
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _manifest_digest(manifest: dict[str, Any]) -> str:
    body = {key: value for key, value in manifest.items() if key != 'manifest_sha256'}
    return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()


def write(path: Path, members: Iterable[tuple[str, Path]], about: dict[str, Any]) -> dict[str, Any]:
    """Write the backup to `path` (first as `path.part`, renamed when complete) and return its manifest. A member
    whose file is gone by the time it is read (an attachment deleted meanwhile) is listed under `missing`."""
    part = path.with_name(path.name + '.part')
    files: dict[str, dict[str, Any]] = {}
    missing: list[str] = []
    try:
        with tarfile.open(part, 'w', format=tarfile.PAX_FORMAT) as tar:
            for name, source in members:
                if not ALLOWED.fullmatch(name):
                    raise ValueError(f'not a backup member name: {name}')
                try:
                    handle = open(source, 'rb')  # closed by the `with` below
                except FileNotFoundError:
                    missing.append(name)
                    continue
                with handle:
                    info = tarfile.TarInfo(name)
                    info.size = os.fstat(handle.fileno()).st_size
                    info.mtime = int(time.time())
                    hashing = _Hashing(handle)
                    tar.addfile(info, hashing)
                    files[name] = {'size': info.size, 'sha256': hashing.digest.hexdigest()}
            manifest = {**about, 'format': FORMAT, 'files': files, 'missing': missing}
            manifest['manifest_sha256'] = _manifest_digest(manifest)
            data = json.dumps(manifest, indent=2, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size = len(data)
            info.mtime = int(time.time())
            tar.addfile(info, io.BytesIO(data))
        os.replace(part, path)
    except BaseException:
        part.unlink(missing_ok=True)
        raise
    return manifest


def _digest(handle: IO[bytes]) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    while chunk := handle.read(CHUNK):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def verify(path: Path) -> dict[str, Any]:
    """The backup's manifest, once every member has been read and found as the manifest says; else BackupDamaged
    saying what is wrong."""
    found: dict[str, dict[str, Any]] = {}
    manifest: dict[str, Any] | None = None
    try:
        with tarfile.open(path, 'r:') as tar:
            for member in tar:
                if manifest is not None:
                    raise BackupDamaged(f'{member.name} comes after the manifest')
                if not member.isfile() or member.name in found:
                    raise BackupDamaged(f'unexpected entry {member.name!r}')
                handle = tar.extractfile(member)
                assert handle is not None
                if member.name == MANIFEST:
                    manifest = json.loads(handle.read())
                    continue
                if not ALLOWED.fullmatch(member.name):
                    raise BackupDamaged(f'unexpected entry {member.name!r}')
                digest, size = _digest(handle)
                found[member.name] = {'size': size, 'sha256': digest}
    except (tarfile.TarError, EOFError, OSError, ValueError) as error:  # ValueError: the manifest is not JSON
        raise BackupDamaged(f'the file is damaged or cut short ({error})') from error
    if manifest is None:
        raise BackupDamaged('the file has no manifest (it is cut short, or not a backup)')
    if not isinstance(manifest, dict) or manifest.get('manifest_sha256') != _manifest_digest(manifest):
        raise BackupDamaged('the manifest was altered')
    if manifest.get('format') != FORMAT:
        raise BackupDamaged(f'backup format {manifest.get("format")} is not {FORMAT}')
    listed = manifest.get('files', {})
    for name in sorted(set(listed) | set(found)):
        if name not in found:
            raise BackupDamaged(f'{name} is missing from the file')
        if name not in listed:
            raise BackupDamaged(f'{name} is not in the manifest')
        if found[name] != listed[name]:
            raise BackupDamaged(f'{name} does not match its checksum')
    return manifest


def members(path: Path) -> Iterator[tuple[str, IO[bytes]]]:
    """Each member of a verified backup but the manifest, as (name, readable file)."""
    with tarfile.open(path, 'r:') as tar:
        for member in tar:
            if member.name != MANIFEST and ALLOWED.fullmatch(member.name):
                handle = tar.extractfile(member)
                assert handle is not None
                yield member.name, handle
