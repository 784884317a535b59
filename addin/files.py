"""Safe file handling for workbooks: lock detection, atomic replace, backups.

A save writes a temporary file in the same folder, flushes it to disk, keeps the previous file as
a backup (a hard link, so no copy), then renames the temporary file over the workbook. A crash at
any point leaves either the old or the new workbook, never half of one.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

from addin.errors import UserError

BACKUP_DIR = ".addin-backup"
KEEP_BACKUPS = 3


def lock_files(path: Path) -> list[Path]:
    """Lock files Excel (`~$name`) or LibreOffice (`.~lock.name#`) leave while a book is open."""
    name = path.name
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [path.with_name(c) for c in candidates if path.with_name(c).exists()]


def ensure_not_open(path: Path) -> None:
    if lock_files(path):
        raise UserError(
            f"「{path.name}」は Excel などで開かれています。ファイルを閉じてからやり直すか、"
            "Excel のボタンから実行してください。（上書きはしていません）"
        )


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def backups_of(path: Path) -> list[Path]:
    """This book's backups, oldest first (exactly its stamps: `注文.*.xlsm` would also match the
    backups of 「注文.old.xlsm」)."""
    folder = backup_dir(path)
    if not folder.is_dir():
        return []
    own = re.compile(re.escape(path.stem) + r"\.\d{8}-\d{6}-\d{6}" + re.escape(path.suffix))
    return sorted(p for p in folder.glob(f"{path.stem}.*{path.suffix}") if own.fullmatch(p.name))


def purge_backups(path: Path) -> int:
    """Delete every backup of `path` (they hold buyer data too); the folder goes when empty.
    Returns how many backups were deleted."""
    path = path.resolve()
    removed = 0
    for old in backups_of(path):
        try:
            old.unlink()
        except FileNotFoundError:
            continue
        except OSError as e:
            raise UserError(f"バックアップ「{old.name}」を消せません（{type(e).__name__}）。"
                            f"フォルダ「{old.parent}」の中のファイルを手で消してください。") from None
        removed += 1
    with contextlib.suppress(OSError):
        backup_dir(path).rmdir()  # only succeeds when nothing else is left in it
    return removed


def _keep_backup(path: Path) -> None:
    folder = backup_dir(path)
    folder.mkdir(exist_ok=True)
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    target = folder / f"{path.stem}.{stamp}{path.suffix}"
    try:
        os.link(path, target)
    except OSError:
        import shutil

        shutil.copy2(path, target)
    for old in backups_of(path)[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            old.unlink()


def _remove_stale_temps(path: Path) -> None:
    """Temp files of writers that were killed mid-save (their process is gone)."""
    for tmp in path.parent.glob(f".{path.stem}.*.tmp{path.suffix}"):
        pid = tmp.name[len(path.stem) + 2 : -len(".tmp" + path.suffix)]
        if not pid.isdigit():
            continue
        try:
            os.kill(int(pid), 0)
        except ProcessLookupError:
            with contextlib.suppress(OSError):
                tmp.unlink()
        except OSError:
            pass


def atomic_write(path: Path, write: Callable[[Path], None], *, backup: bool = True) -> None:
    """Call `write(tmp)` to produce the new file, then put it in place of `path` atomically."""
    path = path.resolve()
    ensure_not_open(path)
    _remove_stale_temps(path)
    tmp = path.with_name(f".{path.stem}.{os.getpid()}.tmp{path.suffix}")
    try:
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
