from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE = ROOT / "workbook" / "template.xlsm"


@pytest.fixture
def workbook(tmp_path: Path) -> Path:
    """A fresh copy of the template in a temporary folder."""
    path = tmp_path / "注文.xlsm"
    shutil.copy(TEMPLATE, path)
    return path
