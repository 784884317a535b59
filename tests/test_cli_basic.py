import shutil
import subprocess

import openpyxl
import pytest
from helpers import run_addin

from addin import __version__, layout
from addin.cli import main

run = run_addin


def test_version_and_help():
    r = run("--version")
    assert r.returncode == 0 and __version__ in r.stdout
    r = run("--help")
    assert r.returncode == 0
    assert "注文レポートを取り込む" in r.stdout and "import-report" in r.stdout


def test_usage_error_exit_2():
    r = run("triage")
    assert r.returncode == 2
    assert "使い方" in r.stderr


def test_new_workbook_and_refuse_overwrite(tmp_path):
    path = tmp_path / "x.xlsm"
    assert main(["new-workbook", str(path)]) == 0
    headers = [c.value for c in openpyxl.load_workbook(path, keep_vba=True)[layout.ORDERS][layout.ORDERS_HEADER_ROW]]
    assert [h for h in headers if h] == [c.header for c in layout.ORDER_COLUMNS]
    before = path.read_bytes()
    r = run("new-workbook", path)
    assert r.returncode == 1
    assert "すでにあります" in r.stderr and "--force" in r.stderr
    assert "Traceback" not in r.stderr and len(r.stderr.strip().splitlines()) == 1
    assert path.read_bytes() == before
    assert run("new-workbook", path, "--force").returncode == 0


def test_new_workbook_wrong_suffix(tmp_path):
    r = run("new-workbook", tmp_path / "x.xlsx")
    assert r.returncode == 1 and ".xlsm" in r.stderr


def test_missing_workbook_is_user_error(tmp_path):
    r = run("triage", tmp_path / "nai.xlsm")
    assert r.returncode == 1 and "見つかりません" in r.stderr and "Traceback" not in r.stderr


@pytest.mark.skipif(not shutil.which("soffice"), reason="LibreOffice is not installed")
def test_new_workbook_converts_with_libreoffice(tmp_path):
    path = tmp_path / "x.xlsm"
    assert main(["new-workbook", str(path)]) == 0
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
                   check=True, capture_output=True, timeout=180)
    assert (tmp_path / "x.pdf").read_bytes()[:5] == b"%PDF-"
