"""Creating a new order workbook from the bundled template."""

from __future__ import annotations

from pathlib import Path

from addin.errors import UserError
from addin.excel_conf import fill_conf, this_python
from addin.files import atomic_write

# The template is built into the repository (scripts/build_template.py); the package is
# installed editable next to it.
TEMPLATE = Path(__file__).resolve().parents[2] / "workbook" / "template.xlsm"


def template_path() -> Path:
    if not TEMPLATE.exists():
        raise UserError(f"テンプレート「{TEMPLATE}」が見つかりません。インストールをやり直してください。")
    return TEMPLATE


def new_workbook(path: Path, *, force: bool = False) -> Path:
    if path.suffix.lower() != ".xlsm":
        raise UserError(f"「{path.name}」: 注文ブックはマクロ有効ブック（.xlsm）で作ります。"
                        "拡張子を .xlsm にしてください。")
    if path.exists() and not force:
        raise UserError(f"「{path}」はすでにあります。上書きするときは --force を付けてください。")
    if not path.parent.exists():
        raise UserError(f"フォルダ「{path.parent}」がありません。")
    data = template_path().read_bytes()
    conf = this_python()  # nothing on systems without Excel: the copy stays byte-identical

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)
        if conf:
            fill_conf(tmp, conf)  # Excel's RunPython finds this Python at once

    atomic_write(path, write, backup=False)
    return path
