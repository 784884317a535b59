"""宛名と敬称: one rule (core.honorific) for letters, 連絡文 and the label files."""

from __future__ import annotations

import pytest

from addin.core.honorific import addressee, honorific, plain_name
from addin.core.labels import rules


@pytest.mark.parametrize(("name", "business", "lines"), [
    ("山田 太郎", False, ("山田 太郎 様",)),
    ("山田　太郎 様", False, ("山田 太郎 様",)),  # typed honorific dropped, never doubled
    ("服部", False, ("服部 様",)),  # a surname ending in 部 is not a department
    ("株式会社テスト", False, ("株式会社テスト 御中",)),
    ("株式会社テスト御中", False, ("株式会社テスト 御中",)),
    ("テスト有限会社", False, ("テスト有限会社 御中",)),
    ("合同会社ABC", False, ("合同会社ABC 御中",)),
    ("一般社団法人 日本テスト協会", False, ("一般社団法人 日本テスト協会 御中",)),
    ("(株)テスト", False, ("(株)テスト 御中",)),
    ("（有）テスト商事", False, ("（有）テスト商事 御中",)),
    ("㈱テスト", False, ("㈱テスト 御中",)),
    ("山田書店", False, ("山田書店 御中",)),
    ("株式会社 テスト", False, ("株式会社 テスト 御中",)),  # the name after a bare legal form
    ("株式会社テスト 山田太郎", False, ("株式会社テスト", "山田太郎 様")),
    ("株式会社テスト 総務部 山田 太郎様", False, ("株式会社テスト 総務部", "山田 太郎 様")),
    ("株式会社 テスト 経理課", False, ("株式会社 テスト 経理課 御中",)),
    ("株式会社テスト ご担当者様", False, ("株式会社テスト", "ご担当者様")),
    ("テスト商事", True, ("テスト商事 御中",)),  # 法人注文: company words without a legal form count
    ("ABC Trading Co., Ltd.", True, ("ABC Trading Co., Ltd. 御中",)),
    ("テスト商事", False, ("テスト商事 様",)),  # outside a 法人注文 only legal forms and the like
    ("山田 太郎", True, ("山田 太郎 様",)),  # a person in a 法人注文: never 「山田 太郎 御中」
    ("株式会社テスト 山田太郎", True, ("株式会社テスト", "山田太郎 様")),
])
def test_addressee_lines(name: str, business: bool, lines: tuple[str, ...]) -> None:
    assert addressee(name, business).lines == lines


def test_one_field_honorific_as_the_labels_use_it() -> None:
    assert honorific("株式会社テスト") == rules.honorific("株式会社テスト") == "御中"
    assert honorific("株式会社テスト 山田太郎") == "様"  # a person is named: 様
    assert honorific("山田工業", is_business=True) == "御中"
    assert honorific("山田 太郎", is_business=True) == "様"
    assert honorific("山田 太郎") == "様"
    assert rules.plain_name is plain_name  # the label files print the same plain name


def test_empty_name() -> None:
    assert addressee("").lines == ("",) and addressee("  様 ").text == ""
