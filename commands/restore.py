"""Restore a backup into the database of DATABASE_URL and the data folder DATA_DIR:

    .venv/bin/python -m commands.restore FILE [--force]      (make restore FILE=... [FORCE=1])

The whole file is checked first (every member against the manifest's SHA-256): a truncated or altered file is
refused before anything is written. The target must be empty (no tables in the database, no attached files)
unless --force, which replaces what it holds. Then `make migrate` brings a backup of an older version up to date.
"""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

import settings
from integrations import backup


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('file', type=Path)
    parser.add_argument('--force', action='store_true', help='replace what the database and data folder hold')
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        manifest = backup.restore(args.file, settings.get(), force=args.force)
    except (backup.BackupDamaged, backup.TargetNotEmpty, backup.DatabaseToolFailed, OSError) as error:
        sys.exit(f'nothing restored: {error}' if not isinstance(error, backup.DatabaseToolFailed)
                 else f'restore failed: {error}')
    attached = sum(name.startswith('attachments/') for name in manifest['files'])
    print(f'restored the backup of {manifest["taken_at"]} (version {manifest["version"]}, '
          f'{manifest["commit"][:12] or "no commit"}, last migration {manifest["last_migration"] or "none"}) '
          f'with {attached:,} attached files in {time.perf_counter() - started:.1f} s; '
          f'run `make migrate` if this version has newer migrations')


if __name__ == '__main__':
    main()
