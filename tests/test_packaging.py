"""The package as a seller gets it: a wheel built from the sources carries the template and works
outside the checkout. Builds one wheel per test session (about 5 s)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest
from setuptools import find_packages

ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def test_every_subpackage_is_listed() -> None:
    # pyproject lists the packages by hand (package-dir maps addin.assets onto workbook/):
    # a new addin/<sub>/ folder must be added there or the wheel silently lacks it.
    listed = set(PYPROJECT["tool"]["setuptools"]["packages"])
    on_disk = set(find_packages(str(ROOT), include=["addin", "addin.*"]))
    assert listed == on_disk | {"addin.assets"}
    assert PYPROJECT["tool"]["setuptools"]["package-dir"] == {"addin.assets": "workbook"}


def test_python_floor_matches_xlwings() -> None:
    assert PYPROJECT["project"]["requires-python"] == ">=3.11"
    assert PYPROJECT["tool"]["ruff"]["target-version"] == "py311"


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """`pip wheel .` of a fresh copy of the sources (no .venv, no build/ left from elsewhere)."""
    src = tmp_path_factory.mktemp("src")
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, src / name)
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
    for name in ("addin", "workbook"):
        shutil.copytree(ROOT / name, src / name, ignore=ignore)
    out = tmp_path_factory.mktemp("dist")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(out), str(src)],
                   check=True, capture_output=True)
    [whl] = out.glob("jiko_hasso_triage-*.whl")
    return whl


def test_wheel_carries_the_template(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        assert z.read("addin/assets/template.xlsm") == (ROOT / "workbook" / "template.xlsm").read_bytes()
        metadata = z.read(next(n for n in names if n.endswith(".dist-info/METADATA"))).decode()
    assert "Requires-Python: >=3.11" in metadata
    assert not any(n.startswith(("workbook/", "tests/", "scripts/")) for n in names)
    assert not any(n.endswith(".bas") for n in names)


def test_installed_wheel_works_outside_the_checkout(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "--quiet", "--target", str(target),
                    str(wheel)], check=True, capture_output=True)
    work = tmp_path / "work"
    work.mkdir()
    # The target comes first on sys.path; the dependencies come from this test environment.
    env = {**os.environ, "PYTHONPATH": str(target), "PYTHONDONTWRITEBYTECODE": "1"}

    def addin(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "addin", *args], cwd=work, env=env,
                              capture_output=True, text=True, encoding="utf-8")

    where = subprocess.run([sys.executable, "-c", "import addin, addin.assets; print(addin.__file__)"],
                           cwd=work, env=env, capture_output=True, text=True, check=True).stdout
    assert Path(where.strip()).is_relative_to(target)
    made = addin("new-workbook", "注文.xlsm")
    assert made.returncode == 0, made.stderr
    assert (work / "注文.xlsm").read_bytes()[:2] == b"PK"
    doctor = addin("doctor", "注文.xlsm")
    assert doctor.returncode == 0, doctor.stdout + doctor.stderr
    assert "要対応" not in doctor.stdout and "同じバージョン" in doctor.stdout
