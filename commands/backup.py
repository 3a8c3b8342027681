"""Take a backup of the portal now (the database, every attachment and a manifest), while it serves:

    .venv/bin/python -m commands.backup [--folder DIR]      (make backup)

It goes into BACKUP_DIR (else DATA_DIR/backups) as portal-YYYYMMDDTHHMMSSZ.tar; the path and size are printed.
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
    parser.add_argument('--folder', type=Path, default=None, help='instead of BACKUP_DIR')
    args = parser.parse_args()
    started = time.perf_counter()
    try:
        info = backup.take(settings.get(), into=args.folder)
    except (backup.DatabaseToolFailed, OSError, ValueError) as error:
        sys.exit(f'backup failed: {error}')
    print(f'{info.path} ({info.size:,} bytes) in {time.perf_counter() - started:.1f} s')


if __name__ == '__main__':
    main()
