"""Creating a new order workbook from the bundled template."""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from addin.errors import UserError
from addin.excel_conf import fill_conf, this_python
from addin.files import atomic_write

# The template is package data: `addin.assets` is the repository's workbook/ folder (mapped in
# pyproject.toml), so a wheel carries it and an editable install reads the built file in place.
ASSETS = "addin.assets"
TEMPLATE_NAME = "template.xlsm"


def template_resource() -> Traversable:
    return resources.files(ASSETS) / TEMPLATE_NAME


def template_bytes() -> bytes:
    try:
        return template_resource().read_bytes()
    except (ModuleNotFoundError, FileNotFoundError) as e:
        raise UserError(f"テンプレート（{ASSETS}/{TEMPLATE_NAME}）が見つかりません。"
                        "インストールをやり直してください。") from e


def new_workbook(path: Path, *, force: bool = False) -> Path:
    if path.suffix.lower() != ".xlsm":
        raise UserError(f"「{path.name}」: 注文ブックはマクロ有効ブック（.xlsm）で作ります。"
                        "拡張子を .xlsm にしてください。")
    if path.exists() and not force:
        raise UserError(f"「{path}」はすでにあります。上書きするときは --force を付けてください。")
    if not path.parent.exists():
        raise UserError(f"フォルダ「{path.parent}」がありません。")
    data = template_bytes()
    conf = this_python()  # nothing on systems without Excel: the copy stays byte-identical

    def write(tmp: Path) -> None:
        tmp.write_bytes(data)
        if conf:
            fill_conf(tmp, conf)  # Excel's RunPython finds this Python at once

    atomic_write(path, write, backup=False)
    return path
