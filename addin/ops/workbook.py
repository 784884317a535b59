"""Creating a new order workbook from the bundled template."""

from __future__ import annotations

from pathlib import Path

from addin.errors import UserError
from addin.xlsx.files import atomic_write

# The template is built into the repository (scripts/build_template.py); the package is
# installed editable next to it.
TEMPLATE = Path(__file__).resolve().parents[2] / "workbook" / "template.xlsm"


def template_path() -> Path:
    if not TEMPLATE.exists():
        raise UserError(f"テンプレート「{TEMPLATE}」が見つかりません。インストールをやり直してください。")
    return TEMPLATE


def new_workbook(path: Path, *, force: bool = False) -> Path:
    if path.suffix.lower() != ".xlsm":
        raise UserError(f"「{path.name}」: 注文ブックはマクロ有効ブック（.xlsm）で作ります。拡張子を .xlsm にしてください。")
    if path.exists() and not force:
        raise UserError(f"「{path}」はすでにあります。上書きするときは --force を付けてください。")
    if not path.parent.exists():
        raise UserError(f"フォルダ「{path.parent}」がありません。")
    data = template_path().read_bytes()
    atomic_write(path, lambda tmp: tmp.write_bytes(data), backup=False)
    return path
