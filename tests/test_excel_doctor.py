"""`addin doctor` on each kind of computer (registry and files injected)."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
import xlwings

from addin import doctor
from addin.cli import main
from addin.doctor import Check, Env, diagnose

VERSION = xlwings.__version__
SECURITY = "HKCU\\Software\\Microsoft\\Office\\16.0\\Excel\\Security"


def registry(values: dict[tuple[str, str], object]):
    return lambda path, name: values.get((path, name))


def problems(checks: list[Check]) -> list[str]:
    """Failed required checks (要対応)."""
    return [c.line for c in checks if not c.ok and c.required]


def optional(checks: list[Check]) -> list[str]:
    return [c.line for c in checks if not c.ok and not c.required]


def test_lines_are_japanese_and_typed() -> None:
    checks = diagnose()
    assert checks and all(isinstance(c.ok, bool) and isinstance(c.line, str) for c in checks)
    assert all(any("\u3040" <= ch <= "\u30ff" or "\u4e00" <= ch <= "\u9fff" for ch in c.line)
               or c.line.startswith(("Python", "addin", "xlwings")) for c in checks)


def test_linux_without_excel_is_fine() -> None:
    checks = diagnose(Env(platform="linux", soffice=lambda: "/usr/bin/soffice"))
    assert problems(checks) == []
    assert any("xlwings " + VERSION in c.line for c in checks)


def test_linux_without_libreoffice_needs_it_only_for_pdf() -> None:
    checks = diagnose(Env(platform="linux", soffice=lambda: None))
    assert problems(checks) == []
    assert len(optional(checks)) == 1 and "LibreOffice" in optional(checks)[0]


def test_windows_ready() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (SECURITY, "AccessVBOM"): 1, (SECURITY, "VBAWarnings"): 2}))
    assert problems(diagnose(env)) == []


def test_windows_missing_steps() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: False,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (SECURITY, "VBAWarnings"): 4}))
    checks = diagnose(env)
    text = "\n".join(problems(checks))
    assert "pywin32" in text and "-m pip install pywin32" in text
    assert "マクロが無効" in text
    # Trusting the VBA project only serves the cell functions: optional, never 要対応.
    assert "アクセスを信頼する" not in text
    assert any("VBA プロジェクト オブジェクト モデルへのアクセスを信頼する" in line and "ボタンだけなら不要" in line
               for line in optional(checks))


def test_windows_policy_wins_over_the_user_setting() -> None:
    policy = "HKCU\\Software\\Policies\\Microsoft\\Office\\16.0\\Excel\\Security"
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True,
              registry=registry({("HKCR\\Excel.Application\\CurVer", ""): "Excel.Application.16",
                                 (policy, "AccessVBOM"): 0, (SECURITY, "AccessVBOM"): 1}))
    assert any("アクセスを信頼する" in line for line in optional(diagnose(env)))


def test_windows_without_excel() -> None:
    env = Env(platform="win32", soffice=lambda: None, has_module=lambda name: True)
    lines = problems(diagnose(env))
    assert any("Excel が見つかりません" in line for line in lines)
    assert any("LibreOffice" in line for line in optional(diagnose(env)))  # no Excel to print with either


def test_mac_needs_the_applescript(tmp_path: Path) -> None:
    excel = Path("/Applications/Microsoft Excel.app")
    script = tmp_path / doctor.MAC_SCRIPTS / f"xlwings-{VERSION}.applescript"
    present = {excel}
    env = Env(platform="darwin", home=tmp_path, soffice=lambda: None, exists=lambda p: p in present)
    missing = problems(diagnose(env))
    assert len(missing) == 1 and "runpython install" in missing[0] and "setup.command" in missing[0]
    present.add(script)
    checks = diagnose(env)
    assert problems(checks) == []
    assert any("セル関数" in c.line and "使えません" in c.line for c in checks)


def test_version_mismatch_is_reported(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor, "workbook_xlwings_version", lambda path: "0.30.0")
    lines = problems(diagnose(Env(platform="linux", soffice=lambda: "soffice")))
    assert len(lines) == 1 and "0.30.0" in lines[0] and VERSION in lines[0]
    monkeypatch.setattr(doctor, "workbook_xlwings_version", lambda path: VERSION)
    monkeypatch.setattr(doctor, "pinned_xlwings", lambda: "9.9.9")
    lines = problems(diagnose(Env(platform="linux", soffice=lambda: "soffice")))
    assert len(lines) == 1 and "-m pip install xlwings==9.9.9" in lines[0]


def test_fix_commands_use_the_readme_form() -> None:
    assert doctor.pip_install("xlwings==1", "win32", in_venv=False) == "py -m pip install xlwings==1"
    assert doctor.pip_install("xlwings==1", "darwin", in_venv=False) == "python3 -m pip install xlwings==1"
    # In the private environment made by setup, `py` would install into another Python.
    venv = r"C:\Users\a\AppData\Local\jiko-hasso-triage\venv\Scripts\python.exe"
    assert doctor.pip_install("x", "win32", venv, in_venv=True) == f'"{venv}" -m pip install x'


def test_workbook_with_other_xlwings_is_named(tmp_path: Path) -> None:
    book = tmp_path / "注文.xlsm"
    book.write_bytes((doctor_root() / "workbook" / "template.xlsm").read_bytes())
    env = Env(platform="linux", soffice=lambda: "soffice")
    assert problems(diagnose(env, workbook=book)) == []
    with zipfile.ZipFile(book) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["docProps/custom.xml"] = parts["docProps/custom.xml"].replace(VERSION.encode(), b"0.30.0")
    with zipfile.ZipFile(book, "w") as z:
        for name, data in parts.items():
            z.writestr(name, data)
    lines = problems(diagnose(env, workbook=book))
    assert len(lines) == 1
    assert "xlwings 0.30.0" in lines[0] and VERSION in lines[0] and "upgrade-workbook" in lines[0]
    assert "がありません" in problems(diagnose(env, workbook=tmp_path / "無い.xlsm"))[0]


def doctor_root() -> Path:
    return Path(__file__).resolve().parent.parent


def test_pinned_version_comes_from_the_package() -> None:
    assert doctor.pinned_xlwings() in (None, VERSION)


def test_cli_prints_and_exits(capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(doctor.Env, "current", classmethod(lambda cls: Env(platform="linux",
                                                                          soffice=lambda: None)))
    assert main(["doctor"]) == 0  # only optional things are missing
    out = capsys.readouterr().out.splitlines()
    assert out[0].startswith("OK    Python") and any(line.startswith("任意  ") for line in out)
    assert "準備はできています" in out[-1]
    monkeypatch.setattr(doctor, "pinned_xlwings", lambda: "9.9.9")
    assert main(["doctor"]) == 1
    out = capsys.readouterr().out.splitlines()
    assert any(line.startswith("要対応 ") for line in out) and "要対応が 1 件" in out[-1]
