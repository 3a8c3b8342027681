"""Where attachment bytes live, behind a small interface so that an S3-compatible store can take its place.

`LocalFileStorage` keeps each file under DATA_DIR/attachments in a path the server chooses (a random key, never
the uploader's file name). Writing goes to a temporary name first and is renamed into place when complete, so a
cut-off upload never leaves a half file under a real key; `delete` removes the file from the disk.
"""
from __future__ import annotations

import asyncio
import os
import secrets
from collections.abc import AsyncIterable, AsyncIterator
from pathlib import Path

import settings
from domain.files.attachments import FileTooLarge, file_by_id

CHUNK = 64 * 1024


class LocalFileStorage:
    def __init__(self, root: Path) -> None:
        self.root = root

    def _path(self, key: str) -> Path:
        if not (len(key) == 32 and all(c in '0123456789abcdef' for c in key)):
            raise FileNotFoundError(key)
        return self.root / key[:2] / key

    async def put(self, chunks: AsyncIterable[bytes], *, limit: int, watch=None) -> tuple[str, int]:
        """Store the stream under a new key and return (key, size). Past `limit` bytes it stops reading, removes
        what it wrote and raises FileTooLarge. `watch(chunk)` sees every chunk (the type sniffer)."""
        key = secrets.token_hex(16)
        path = self._path(key)
        partial = path.with_name(f'{key}.part')
        await asyncio.to_thread(path.parent.mkdir, parents=True, exist_ok=True)
        size = 0
        handle = await asyncio.to_thread(open, partial, 'xb')
        try:
            async for chunk in chunks:
                size += len(chunk)
                if size > limit:
                    raise FileTooLarge()
                if watch is not None:
                    watch(chunk)
                await asyncio.to_thread(handle.write, chunk)
            await asyncio.to_thread(handle.close)
            await asyncio.to_thread(os.replace, partial, path)
        except BaseException:
            handle.close()
            partial.unlink(missing_ok=True)
            raise
        return key, size

    async def read(self, key: str) -> AsyncIterator[bytes]:
        """The file's bytes in chunks (FileNotFoundError for an unknown key)."""
        handle = await asyncio.to_thread(open, self._path(key), 'rb')
        try:
            while chunk := await asyncio.to_thread(handle.read, CHUNK):
                yield chunk
        finally:
            handle.close()

    async def read_all(self, key: str) -> bytes:
        return await asyncio.to_thread(self._path(key).read_bytes)

    async def delete(self, key: str) -> None:
        try:
            await asyncio.to_thread(self._path(key).unlink, missing_ok=True)
        except FileNotFoundError:
            pass

    def exists(self, key: str) -> bool:
        try:
            return self._path(key).exists()
        except FileNotFoundError:
            return False


async def render_stored(attachment_id: object) -> tuple[str, bytes] | None:
    """An email attachment from its outbox spec `{'attachment_id': 7}`: (file name, bytes), or None when gone."""
    if not isinstance(attachment_id, int) or isinstance(attachment_id, bool):
        return None
    found = await file_by_id(attachment_id)
    if found is None:
        return None
    try:
        return found.file_name, await storage().read_all(found.storage_key)
    except FileNotFoundError:
        return None


_storage: LocalFileStorage | None = None


def storage() -> LocalFileStorage:
    """The storage of this process: local disk under DATA_DIR/attachments."""
    global _storage  # noqa: PLW0603
    root = settings.get().data_dir / 'attachments'
    if _storage is None or _storage.root != root:
        _storage = LocalFileStorage(root)
    return _storage
