"""The seller's one-step setup (addin/installer.py) with the operating system faked: every command
it would run is recorded, and the fake carries out the effects the real commands have."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from addin import installer
from addin.installer import System


class FakeOS:
    """Files that exist, folders that refuse writes, commands that fail; records what ran."""

    def __init__(self, tmp: Path, platform: str = "win32", version: tuple[int, int] = (3, 13)) -> None:
        self.home = tmp / "home"
        self.platform = platform
        self.version = version
        self.files: set[Path] = set()
        self.read_only: set[Path] = set()
        self.failing: set[str] = set()  # a word of the command line that makes it fail
        self.commands: list[list[str]] = []
        self.unmarked: list[Path] = []
        self.output: list[str] = []
        self.documents = self.home / "Documents"
        self.local = tmp / "AppData" / "Local"

    def system(self) -> System:
        return System(platform=self.platform, version=self.version, python="/base/python",
                      home=self.home, environ={"LOCALAPPDATA": str(self.local)},
                      documents=lambda: self.documents, run=self.run, writable=self.writable,
                      exists=lambda p: p in self.files, remove_download_mark=self.unmarked.append,
                      out=self.output.append)

    def writable(self, folder: Path) -> bool:
        return not any(folder == p or p in folder.parents for p in self.read_only)

    def run(self, cmd: Sequence[str]) -> int:
        cmd = list(cmd)
        self.commands.append(cmd)
        if any(word in self.failing for word in cmd):
            return 1
        if cmd[1:3] == ["-m", "venv"]:
            self.files.add(installer.venv_bin(Path(cmd[-1]), self.system(), "python"))
        elif "new-workbook" in cmd:
            self.files.add(Path(cmd[-1]))
        return 0

    def ran(self, word: str) -> list[list[str]]:
        return [c for c in self.commands if word in c]

    @property
    def text(self) -> str:
        return "\n".join(self.output)


@pytest.fixture
def source(tmp_path: Path) -> Path:
    folder = tmp_path / "download"
    folder.mkdir()
    (folder / "pyproject.toml").write_text("[project]\n", encoding="utf-8")
    return folder


def test_windows_fresh_install(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    assert installer.main([str(source)], fake.system()) == 0
    venv = fake.local / "jiko-hasso-triage" / "venv"
    python = str(venv / "Scripts" / "python.exe")
    workbook = fake.documents / "注文.xlsm"
    assert fake.ran("venv") == [["/base/python", "-m", "venv", "--clear", str(venv)]]
    [pip] = fake.ran("pip")
    assert pip[0] == python and pip[-1] == str(source)
    assert fake.ran("new-workbook") == [[python, "-I", "-m", "addin", "new-workbook", str(workbook)]]
    assert fake.ran("doctor") == [[python, "-I", "-m", "addin", "doctor", str(workbook)]]
    assert not fake.ran("runpython")  # Windows needs no AppleScript
    assert fake.unmarked == [workbook]
    assert "コンテンツの有効化" in fake.text and str(workbook) in fake.text


def test_python_too_old_stops_before_anything(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path, version=(3, 10))
    assert installer.main([str(source)], fake.system()) == 1
    assert fake.commands == []
    assert "3.10" in fake.text and "Python install manager" in fake.text and "py install 3.13" in fake.text
    mac = FakeOS(tmp_path, platform="darwin", version=(3, 9))
    assert installer.main([str(source)], mac.system()) == 1
    assert mac.commands == [] and "macOS 64-bit universal2 installer" in mac.text


def test_existing_workbook_is_never_overwritten(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    workbook = fake.documents / "注文.xlsm"
    fake.files.add(workbook)
    assert installer.main([str(source)], fake.system()) == 0
    assert fake.ran("new-workbook") == []
    assert fake.unmarked == []  # not our file to touch
    assert "上書きしません" in fake.text and "upgrade-workbook" in fake.text and str(workbook) in fake.text
    assert fake.ran("doctor")[0][-1] == str(workbook)  # doctor still compares its VBA version


def test_documents_redirected_by_onedrive(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    fake.documents = fake.home / "OneDrive" / "ドキュメント"  # what the known-folder API returns
    assert installer.main([str(source)], fake.system()) == 0
    assert fake.ran("new-workbook")[0][-1] == str(fake.documents / "注文.xlsm")
    assert not any(str(fake.home / "Documents") in " ".join(c) for c in fake.commands)


def test_documents_not_writable_falls_back_to_home(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    fake.read_only.add(fake.documents)  # e.g. Controlled folder access
    assert installer.main([str(source)], fake.system()) == 0
    assert fake.ran("new-workbook")[0][-1] == str(fake.home / "注文.xlsm")
    assert "書き込めない" in fake.text and "コントロールされたフォルダー アクセス" in fake.text


def test_nothing_writable_stops_with_the_folders_named(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    fake.read_only |= {fake.documents, fake.home}
    assert installer.main([str(source)], fake.system()) == 1
    assert fake.ran("new-workbook") == [] and str(fake.documents) in fake.text
    app = FakeOS(tmp_path)
    app.read_only.add(app.local)
    assert installer.main([str(source)], app.system()) == 1
    assert app.commands == [] and str(app.local / "jiko-hasso-triage") in app.text


def test_mac_installs_the_runpython_applescript(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path, platform="darwin")
    assert installer.main([str(source)], fake.system()) == 0
    venv = fake.home / "Library" / "Application Support" / "jiko-hasso-triage" / "venv"
    assert fake.ran("runpython") == [[str(venv / "bin" / "xlwings"), "runpython", "install"]]
    assert fake.ran("new-workbook")[0][0] == str(venv / "bin" / "python")
    assert "マクロを有効にする" in fake.text


def test_update_reuses_a_working_environment_and_rebuilds_a_broken_one(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    assert installer.main([str(source)], fake.system()) == 0
    fake.commands.clear()
    assert installer.main([str(source)], fake.system()) == 0  # second run = update
    assert fake.ran("venv") == [] and fake.ran("--upgrade")
    fake.commands.clear()
    fake.failing.add("import sys")  # its base Python was uninstalled
    assert installer.main([str(source)], fake.system()) == 0
    assert len(fake.ran("venv")) == 1


def test_wheel_beside_setup_is_preferred(tmp_path: Path, source: Path) -> None:
    for name in ("jiko_hasso_triage-0.9.0-py3-none-any.whl", "jiko_hasso_triage-0.10.0-py3-none-any.whl"):
        (source / name).write_bytes(b"")
    assert installer.find_source(source) == source / "jiko_hasso_triage-0.10.0-py3-none-any.whl"
    empty = tmp_path / "empty"
    empty.mkdir()
    assert installer.find_source(empty) is None
    fake = FakeOS(tmp_path)
    assert installer.main([str(empty)], fake.system()) == 1 and fake.commands == []


def test_failures_stop_with_a_japanese_next_step(tmp_path: Path, source: Path) -> None:
    fake = FakeOS(tmp_path)
    fake.failing.add("pip")
    assert installer.main([str(source)], fake.system()) == 1
    assert "インターネット" in fake.text and fake.ran("new-workbook") == []
    doctor = FakeOS(tmp_path)
    doctor.failing.add("doctor")  # a required check failed: say so, exit 1
    assert installer.main([str(source)], doctor.system()) == 1
    assert "要対応" in doctor.text


def test_app_folders_per_system(tmp_path: Path) -> None:
    win = System(platform="win32", home=tmp_path, environ={})
    assert installer.app_folder(win) == tmp_path / "AppData" / "Local" / "jiko-hasso-triage"
    linux = System(platform="linux", home=tmp_path, environ={"XDG_DATA_HOME": "/x"})
    assert installer.app_folder(linux) == Path("/x/jiko-hasso-triage")


def test_real_writable_probe(tmp_path: Path) -> None:
    assert installer._writable(tmp_path / "new")
    blocked = tmp_path / "file"
    blocked.write_text("", encoding="utf-8")
    assert not installer._writable(blocked / "sub")  # a file where the folder should be
