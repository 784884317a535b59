"""`addin doctor` on each kind of computer (registry and files injected)."""

from __future__ import annotations

from pathlib import Path

import pytest
import xlwings

from addin import doctor
from addin.cli import main
from addin.doctor import Env, diagnose

VERSION = xlwings.__version__
SECURITY = "HKCU\\Software\\Microsoft\\Office\\16.0\\Excel\\Security"


def registry(values: dict[tuple[str, str], object]):
    return lambda path, name: values.get((path, name))


def problems(checks: list[tuple[bool, str]]) -> list[str]:
    return [line for ok, line in checks if not ok]


def test_lines_are_japanese_and_typed() -> None:
    checks = diagnose()
    assert checks and all(isinstance(ok, bool) and isinstance(line, str) for ok, line in checks)
    assert all(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in line)
               or line.startswith(("Python", "addin", "xlwings")) for _, line in checks)


def test_linux_without_excel_is_fine() -> None:
    checks = diagnose(Env(platform="linux", soffice=lambda: "/usr/bin/soffice"))
    assert problems(checks) == []
    assert any("xlwings " + VERSION in line for _, line in checks)


def test_linux_without_libreoffice_needs_it_for_pdf() -> None:
    checks = diagnose(Env(platform="linux", soffice=lambda: None))
    assert len(problems(checks)) == 1 and "LibreOffice" in problems(checks)[0]


def test_windows_ready() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (SECURITY, "AccessVBOM"): 1, (SECURITY, "VBAWarnings"): 2}))
    assert problems(diagnose(env)) == []


def test_windows_missing_steps() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: False,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (SECURITY, "VBAWarnings"): 4}))
    text = "\n".join(problems(diagnose(env)))
    assert "pywin32" in text
    assert "VBA プロジェクト オブジェクト モデルへのアクセスを信頼する" in text
    assert "マクロが無効" in text


def test_windows_policy_wins_over_the_user_setting() -> None:
    policy = "HKCU\\Software\\Policies\\Microsoft\\Office\\16.0\\Excel\\Security"
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (policy, "AccessVBOM"): 0, (SECURITY, "AccessVBOM"): 1}))
    assert any("アクセスを信頼する" in line for line in problems(diagnose(env)))


def test_windows_without_excel() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True)
    lines = problems(diagnose(env))
    assert any("Excel が見つかりません" in line for line in lines)
    assert any("LibreOffice" in line for line in lines)  # no Excel to print with either


def test_mac_needs_the_applescript(tmp_path: Path) -> None:
    excel = Path("/Applications/Microsoft Excel.app")
    script = tmp_path / doctor.MAC_SCRIPTS / f"xlwings-{VERSION}.applescript"
    present = {excel}
    env = Env(platform="darwin", home=tmp_path, soffice=lambda: None, exists=lambda p: p in present)
    missing = problems(diagnose(env))
    assert len(missing) == 1 and "xlwings runpython install" in missing[0]
    present.add(script)
    checks = diagnose(env)
    assert problems(checks) == []
    assert any("セル関数" in line and "使えません" in line for _, line in checks)


def test_version_mismatch_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "workbook_xlwings_version", lambda path: "0.30.0")
    lines = problems(diagnose(Env(platform="linux", soffice=lambda: "soffice")))
    assert len(lines) == 1 and "0.30.0" in lines[0] and VERSION in lines[0]
    monkeypatch.setattr(doctor, "workbook_xlwings_version", lambda path: VERSION)
    monkeypatch.setattr(doctor, "pinned_xlwings", lambda: "9.9.9")
    lines = problems(diagnose(Env(platform="linux", soffice=lambda: "soffice")))
    assert len(lines) == 1 and "pip install xlwings==9.9.9" in lines[0]


def test_pinned_version_comes_from_the_package() -> None:
    assert doctor.pinned_xlwings() in (None, VERSION)


def test_cli_prints_and_exits(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.Env, "current", classmethod(lambda cls: Env(platform="linux",
                                                                          soffice=lambda: None)))
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("OK  Python") and out[-1].startswith("要対応 ")
