"""Safe file handling for workbooks: locks, atomic replace, backups, leftovers of killed runs.

A save writes a temporary file in the same folder, flushes it to disk, keeps the previous file as
a backup (a hard link, so no copy), checks that nobody changed the workbook since it was read,
then renames the temporary file over the workbook. A crash at any point leaves either the old or
the new workbook, never half of one.

A command holds `command_lock` on its workbook from start to end: a lock file beside the book,
locked with the OS (flock / msvcrt), so a lock of a killed run is free again at once and its
file is simply taken over (stale-lock detection needs no guessing about ages).

Every temporary file and folder is named after its owner (process id and that process's start
time), so the next command removes exactly the leftovers of runs that are gone — even when the
process id has been reused since.

File names are literal everywhere: folders are listed and names compared, never globbed.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import re
import shutil
import socket
import stat
import sys
import tempfile
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import IO

from addin.errors import UserError

BACKUP_DIR = ".addin-backup"
KEEP_BACKUPS = 3
TEMP_PREFIX = "addin-"  # folders in the system temp folder: addin-<owner>-<random>
_WINDOWS = sys.platform == "win32"


# --- showing names ------------------------------------------------------------------------------

_UNPRINTABLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def shown(name: object) -> str:
    """A file name as it may be printed: escape codes, newlines and bidi controls (which could
    rewrite the terminal or fake a message line) become visible `\\x1b`-style escapes."""
    return _UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], str(name))


def printable(text: str, names: Iterable[str] = ()) -> str:
    """`text` safe for a terminal: each of `names` (raw file names given by the user, which may
    hold newlines) is shown escaped, then any other control character too; the message's own
    line breaks stay."""
    for n in sorted({n for n in names if _UNPRINTABLE.search(n)}, key=len, reverse=True):
        text = text.replace(n, shown(n))
    return _UNPRINTABLE.sub(lambda m: m.group() if m.group() == "\n" else shown(m.group()), text)


# --- owners of temp files and locks -------------------------------------------------------------


def _start_time(pid: int) -> str | None:
    """An identifier of when process `pid` started, "" when alive but unknown, None when gone."""
    if _WINDOWS:
        return _windows_start_time(pid)
    try:
        with open(f"/proc/{pid}/stat", "rb") as f:
            # Field 22 (starttime) counts after the command name, which may hold spaces and ")".
            return f.read().rsplit(b")", 1)[1].split()[19].decode()
    except FileNotFoundError:
        if Path("/proc/self/stat").exists():
            return None  # Linux: no such process
    except (OSError, IndexError):
        pass
    try:
        os.kill(pid, 0)  # POSIX only: signal 0 tests existence and sends nothing
    except ProcessLookupError:
        return None
    except OSError:
        return ""  # exists, owned by someone else
    import subprocess

    try:  # macOS and other Unixes without /proc
        done = subprocess.run(["ps", "-o", "lstart=", "-p", str(pid)], capture_output=True,
                              timeout=5, check=False)
    except (OSError, subprocess.TimeoutExpired):
        return ""
    return done.stdout.decode("ascii", "replace").strip()


def _windows_start_time(pid: int) -> str | None:
    # os.kill(pid, 0) would *terminate* the process on Windows; ask the kernel instead.
    import ctypes
    from ctypes import wintypes

    kernel = ctypes.windll.kernel32  # type: ignore[attr-defined]
    handle = kernel.OpenProcess(0x1000, False, pid)  # PROCESS_QUERY_LIMITED_INFORMATION
    if not handle:
        return None if ctypes.get_last_error() != 5 else ""  # 5: access denied, but it exists
    try:
        code = wintypes.DWORD()
        if kernel.GetExitCodeProcess(handle, ctypes.byref(code)) and code.value != 259:
            return None  # exited (259 = STILL_ACTIVE)
        times = [wintypes.FILETIME() for _ in range(4)]
        if not kernel.GetProcessTimes(handle, *[ctypes.byref(t) for t in times]):
            return ""
        return f"{times[0].dwHighDateTime}.{times[0].dwLowDateTime}"
    finally:
        kernel.CloseHandle(handle)


def _token(start: str) -> str:
    return hashlib.sha1(start.encode()).hexdigest()[:8]


_OWN_TAG: str | None = None


def owner_tag() -> str:
    """`<pid>-<start token>` of this process: names of its temp files and folders."""
    global _OWN_TAG
    if _OWN_TAG is None or not _OWN_TAG.startswith(f"{os.getpid()}-"):  # forked: recompute
        _OWN_TAG = f"{os.getpid()}-{_token(_start_time(os.getpid()) or '')}"
    return _OWN_TAG


def _owner_gone(pid: str, token: str | None) -> bool:
    """Is the run that made a file with this owner tag over? (token None: legacy pid-only name)"""
    start = _start_time(int(pid))
    if start is None:
        return True
    if token is None or start == "":
        return False
    return _token(start) != token  # the id now belongs to another, younger process


# --- fingerprints -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Fingerprint:
    """What a workbook looked like when it was read: size, modification time and content hash."""

    size: int
    mtime_ns: int
    sha256: str

    @classmethod
    def of(cls, path: Path, data: bytes | None = None) -> Fingerprint | None:
        try:
            st = path.stat()
            if data is None:
                data = path.read_bytes()
        except FileNotFoundError:
            return None
        return cls(st.st_size, st.st_mtime_ns, hashlib.sha256(data).hexdigest())


def read_regular_file(path: Path, limit: int, too_big: Callable[[int], str]) -> bytes:
    """The bytes of a regular file of at most `limit` bytes. A FIFO, device or folder is refused
    before it is read (opening a FIFO for reading would wait for a writer forever)."""
    name = shown(path.name)
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise UserError(f"ファイル「{shown(path)}」が見つかりません。") from None
    except IsADirectoryError:
        raise UserError(f"「{shown(path)}」はフォルダです。ファイルを指定してください。") from None
    except PermissionError:
        raise UserError(f"「{name}」を読む権限がありません。") from None
    except OSError as e:
        raise UserError(f"「{name}」を読めません（{_os_reason(e)}）。") from None
    with os.fdopen(fd, "rb") as f:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise UserError(f"「{shown(path)}」はフォルダです。ファイルを指定してください。")
        if not stat.S_ISREG(st.st_mode):
            raise UserError(f"「{name}」は普通のファイルではありません（パイプや装置）。"
                            "保存したファイルを指定してください。")
        if st.st_size > limit:
            raise UserError(too_big(st.st_size))
        try:  # sized by fstat, not by the limit: no 100 MB buffer for a 2 MB file
            data = f.read(st.st_size + 1)
            if len(data) > st.st_size:  # it has grown since fstat()
                data += f.read(limit + 1 - len(data))
        except OSError as e:
            raise UserError(f"「{name}」を読めません（{_os_reason(e)}）。") from None
    if len(data) > limit:
        raise UserError(too_big(len(data)))
    return data


# --- locks --------------------------------------------------------------------------------------


def lock_files(path: Path) -> list[Path]:
    """Lock files Excel (`~$name`) or LibreOffice (`.~lock.name#`) leave while a book is open."""
    name = path.name
    candidates = [f"~${name}", f"~${name[2:]}", f".~lock.{name}#"]
    return [path.with_name(c) for c in candidates if path.with_name(c).exists()]


def ensure_not_open(path: Path) -> None:
    if lock_files(path):
        raise UserError(
            f"「{shown(path.name)}」は Excel などで開かれています。ファイルを閉じてからやり直すか、"
            "Excel のボタンから実行してください。（上書きはしていません）"
        )
    ensure_not_running(path)


def command_lock_path(path: Path) -> Path:
    return path.with_name(f".{path.name}.addin-lock")


_held: dict[Path, IO[bytes]] = {}  # lock files this process holds, by resolved workbook path
_LOCK_OFFSET = 1 << 30  # Windows locks a byte range: lock one far away so the text stays readable


def _try_lock(f: IO[bytes]) -> bool:
    try:
        if _WINDOWS:
            import msvcrt

            f.seek(_LOCK_OFFSET)
            msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)  # type: ignore[attr-defined]
            f.seek(0)
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_EX | fcntl.LOCK_NB)
    except OSError:
        return False
    return True


def _unlock(f: IO[bytes]) -> None:
    with contextlib.suppress(OSError):
        if _WINDOWS:
            import msvcrt

            f.seek(_LOCK_OFFSET)
            msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)  # type: ignore[attr-defined]
        else:
            import fcntl

            fcntl.flock(f.fileno(), fcntl.LOCK_UN)


def _busy(path: Path, lock: Path) -> UserError:
    who = ""
    with contextlib.suppress(OSError, ValueError, TypeError):
        info = json.loads(lock.read_text("utf-8"))
        who = f"（プロセス {int(info['pid'])}、{str(info.get('since', ''))[:19]} から）"
    return UserError(f"「{shown(path.name)}」は別の addin の処理が使用中です{who}。"
                     "終わってからもう一度実行してください。（ブックは変更していません）")


def _acquire(path: Path) -> IO[bytes]:
    lock = command_lock_path(path)
    for _ in range(20):
        try:
            f = open(lock, "a+b")  # noqa: SIM115 - held open for the whole command
        except OSError as e:
            raise _os_error(e, path, "使用中の印（ロックファイル）を作れません") from None
        if not _try_lock(f):
            f.close()
            raise _busy(path, lock)
        try:  # the previous holder may have removed the file after we opened it: lock the live one
            same = os.path.samestat(os.fstat(f.fileno()), os.stat(lock))
        except FileNotFoundError:
            same = False
        if same:
            info = {"pid": os.getpid(), "owner": owner_tag(), "host": socket.gethostname(),
                    "since": datetime.now().isoformat(timespec="seconds")}
            with contextlib.suppress(OSError):  # the text is only for messages
                f.seek(0)
                f.truncate()
                f.write(json.dumps(info).encode())
                f.flush()
            return f
        _unlock(f)
        f.close()
    raise _busy(path, lock)


def ensure_not_running(path: Path) -> None:
    """Refuse when another live addin run holds `path`."""
    path = path.resolve()
    lock = command_lock_path(path)
    if path in _held or not lock.exists():
        return
    try:
        f = open(lock, "rb")  # noqa: SIM115
    except OSError:
        return
    with f:
        if not _try_lock(f):
            raise _busy(path, lock)
        _unlock(f)


@contextlib.contextmanager
def command_lock(paths: Iterable[Path]) -> Iterator[None]:
    """Hold the addin lock of every workbook in `paths` until the block ends (a second command on
    the same book is refused with a Japanese message). Leftovers of dead runs are removed first."""
    taken: list[Path] = []
    try:
        for p in dict.fromkeys(p.resolve() for p in paths):
            if p in _held or not p.parent.is_dir():
                continue
            remove_leftovers(p.parent)
            _held[p] = _acquire(p)
            taken.append(p)
        yield
    finally:
        for p in reversed(taken):
            f = _held.pop(p)
            if not _WINDOWS:  # remove it while still locked: nobody takes a dying file
                with contextlib.suppress(OSError):
                    command_lock_path(p).unlink()
            _unlock(f)
            f.close()
            if _WINDOWS:
                with contextlib.suppress(OSError):
                    command_lock_path(p).unlink()


# --- leftovers of dead runs ---------------------------------------------------------------------

# .<name>.<pid>-<token>.tmp<suffix> (this version) and .<name>.<pid>.tmp<suffix> (before it)
_TEMP_RE = re.compile(r"\..+\.(\d+)(?:-([0-9a-f]{8}))?\.tmp(?:\.[^.]+)?")
_TEMP_DIR_RE = re.compile(re.escape(TEMP_PREFIX) + r"[a-z]+-(\d+)-([0-9a-f]{8})-.*")


def remove_leftovers(folder: Path) -> int:
    """Delete temp files in `folder` and temp folders in the system temp folder whose run is
    over (buyer data must not linger in them). Returns how many were removed."""
    removed = 0
    for where, pattern, is_dir in ((folder, _TEMP_RE, False),
                                   (Path(tempfile.gettempdir()), _TEMP_DIR_RE, True)):
        try:
            entries = list(os.scandir(where))
        except OSError:
            continue
        for entry in entries:
            m = pattern.fullmatch(entry.name)
            if not m or not _owner_gone(m.group(1), m.group(2)):
                continue
            try:
                if is_dir and entry.is_dir(follow_symlinks=False):
                    shutil.rmtree(entry.path)
                elif not is_dir and entry.is_file(follow_symlinks=False):
                    os.unlink(entry.path)
                else:
                    continue
            except OSError:
                continue
            removed += 1
    return removed


def temp_folder(kind: str) -> tempfile.TemporaryDirectory[str]:
    """A private folder in the system temp folder that `remove_leftovers` can attribute to its
    owner should this process be killed before it is removed."""
    return tempfile.TemporaryDirectory(prefix=f"{TEMP_PREFIX}{kind}-{owner_tag()}-")


# --- backups ------------------------------------------------------------------------------------


def backup_dir(path: Path) -> Path:
    return path.parent / BACKUP_DIR


def backups_of(path: Path) -> list[Path]:
    """This book's backups, oldest first: exactly `<stem>.<stamp><suffix>` (names compared as
    text, so 「注文[1].xlsm」 finds its own and 「注文.old.xlsm」's are not taken for 注文's)."""
    folder = backup_dir(path)
    own = re.compile(re.escape(path.stem) + r"\.\d{8}-\d{6}-\d{6}" + re.escape(path.suffix))
    try:
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(folder / n for n in names if own.fullmatch(n))


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
            raise UserError(f"バックアップ「{shown(old.name)}」を消せません（{_os_reason(e)}）。"
                            f"フォルダ「{shown(old.parent)}」の中のファイルを手で消してください。") from None
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
        shutil.copy2(path, target)
    for old in backups_of(path)[:-KEEP_BACKUPS]:
        with contextlib.suppress(OSError):
            old.unlink()


# --- writing ------------------------------------------------------------------------------------

_NO_SPACE = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC), errno.EFBIG}
_NO_RIGHT = {errno.EACCES, errno.EPERM, errno.EROFS}


def _os_reason(e: OSError) -> str:
    if e.errno in _NO_SPACE:
        return "ディスクの空き容量が足りません"
    if e.errno in _NO_RIGHT or isinstance(e, PermissionError):
        return "書き込み・読み取りの権限がありません"
    return type(e).__name__


def _os_error(e: OSError, path: Path, what: str) -> UserError:
    folder = shown(path.parent)
    if e.errno in _NO_SPACE:
        return UserError(f"{what}: ディスクの空き容量が足りません（フォルダ「{folder}」）。"
                         "空きを作ってからやり直してください。（元のファイルはそのままです）")
    if e.errno in _NO_RIGHT or isinstance(e, PermissionError):
        return UserError(f"{what}: フォルダ「{folder}」に書き込む権限がありません（読み取り専用）。"
                         "書き込めるフォルダに置くか、-o で別の場所に保存してください。（元のファイルはそのままです）")
    return UserError(f"{what}（{type(e).__name__}）。（元のファイルはそのままです）")


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _drop_quietly(e: BaseException) -> None:
    """Free what the failed writer left half-open (a ZipFile whose __del__ retries the write and
    prints a traceback on a full disk) now, with such complaints silenced."""
    import gc

    hook = sys.unraisablehook
    sys.unraisablehook = lambda _: None
    try:
        e.__traceback__ = None
        e.__context__ = None
        gc.collect()
    finally:
        sys.unraisablehook = hook


def atomic_write(path: Path, write: Callable[[Path], None], *, backup: bool = True,
                 expect: Fingerprint | None = None, check_unchanged: bool = False) -> None:
    """Call `write(tmp)` to produce the new file, then put it in place of `path` atomically.

    With `check_unchanged`, `path` must still be exactly `expect` (what was read, None: did not
    exist) just before it is replaced; otherwise nothing is replaced and the seller is told.
    The new file keeps the old one's permissions and owner."""
    path = path.resolve()
    ensure_not_open(path)
    remove_leftovers(path.parent)
    tmp = path.with_name(f".{path.name}.{owner_tag()}.tmp{path.suffix}")
    name = shown(path.name)
    try:
        try:
            old = path.stat()
        except FileNotFoundError:
            old = None
        # Created private: it may hold buyer data before it gets the workbook's own permissions.
        os.close(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_BINARY", 0),
                         0o600))
        write(tmp)
        with open(tmp, "rb+") as f:
            os.fsync(f.fileno())
        if old is not None:
            os.chmod(tmp, stat.S_IMODE(old.st_mode))
            if hasattr(os, "chown") and (old.st_uid, old.st_gid) != (os.getuid(), os.getgid()):
                with contextlib.suppress(OSError):  # only root may give a file away
                    os.chown(tmp, old.st_uid, old.st_gid)
        else:
            os.chmod(tmp, 0o666 & ~_umask())
        if check_unchanged and Fingerprint.of(path) != expect:
            raise UserError(
                f"「{name}」は読み込んだ後に別のプログラム（Excel、同期ソフト、別の addin など）で"
                "変更されました。その変更を消さないよう、保存をやめました。もう一度実行してください。"
            )
        if backup and path.exists():
            _keep_backup(path)
        os.replace(tmp, path)
    except BaseException as e:
        with contextlib.suppress(OSError):
            tmp.unlink()
        if isinstance(e, OSError) and (e.errno in _NO_SPACE or e.errno in _NO_RIGHT):
            _drop_quietly(e)
            raise _os_error(e, path, f"「{name}」を保存できません") from None
        raise
    with contextlib.suppress(OSError):  # make the rename itself durable
        fd = os.open(path.parent, os.O_RDONLY)
        try:
            os.fsync(fd)
        finally:
            os.close(fd)
