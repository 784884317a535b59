"""Recipient-name findings, time requests and the order-level entry point for triage."""

from __future__ import annotations

import pytest

from addin.core.checks import OK_TEXT, name_finding_text, order_findings
from addin.core.codes import Finding
from addin.core.model import Order
from addin.core.recipient import find_time_request, is_mailbox, name_findings
from addin.layout import HANDOVER_METHODS, MAILBOX_METHODS

F = Finding


def name_codes(name: str, method: str = "") -> set[Finding]:
    return {f for f, _ in name_findings(name, method, MAILBOX_METHODS)}


@pytest.mark.parametrize("name", [
    "山田 太郎", "山田太郎様", "ヤマダ タロウ", "John Smith", "佐藤 朝子", "小夜子",  # 朝/夜 in names
    "株式会社アマゾン 経理部 御中", "（株）山田商店", "田中様方 山田花子", "山田ビル管理室気付 佐藤",
    "山田花子 ファミリーマート渋谷店受取", "セブン-イレブン 新宿店 受取 山田", "ローソン 梅田店受取 高橋",
    "ミニストップ 千葉店 受取 鈴木", "渋谷郵便局留め 山田", "イザベル・ベルナール", "山田 希望",
])
def test_real_names_pass(name: str) -> None:
    assert name_codes(name) == set()
    assert name_finding_text(name, "クリックポスト") == OK_TEXT


@pytest.mark.parametrize("name, why", [
    ("090-1234-5678", "電話番号"),
    ("山田 ０９０－１２３４－５６７８", "電話番号"),
    ("山田 TEL 03 1234 5678", "電話番号"),
    ("山田 +81 90 1234 5678", "電話番号"),
    ("taro@example.com", "メールアドレス"),
    ("山田 ｔａｒｏ＠ｅｘａｍｐｌｅ．ｃｏｍ", "メールアドレス"),
    ("https://example.jp/山田", "URL"),
    ("www.example.com", "URL"),
    ("置き配希望 山田", "置き配"),
    ("山田 不在時は宅配ボックスへ", "置き配"),
    ("山田 玄関前に置いてください", "置き配"),
    ("山田 インターホンを鳴らさないで", "置き配"),
    ("12345", "数字だけ"),
])
def test_not_a_name(name: str, why: str) -> None:
    found = name_findings(name, "", MAILBOX_METHODS)
    assert [f for f, _ in found] == [F.NAME_NOT_A_NAME]
    assert why in found[0][1]
    assert name.split()[0] not in found[0][1] or name.isdigit() is False  # no buyer text echoed


def test_empty_name() -> None:
    for name in ("", "  ", "　", "--"):
        assert name_codes(name) == {F.NAME_EMPTY}
    assert name_finding_text("") == "宛名が空欄"


@pytest.mark.parametrize("text, phrase", [
    ("午前中希望", "午前中"),
    ("午前中にお願いします", "午前中"),
    ("14-16時", "14-16時"),
    ("１４〜１６時", "14-16時"),
    ("14時～16時", "14時-16時"),
    ("19時以降", "19時以降"),
    ("18時から", "18時から"),
    ("夜間配達", "夜間"),
    ("夕方希望", "夕方"),
    ("時間指定 午後", "時間指定 午後"),
    ("配達時間指定あり", "配達時間指定"),
])
def test_time_requests(text: str, phrase: str) -> None:
    assert find_time_request(text) == phrase


@pytest.mark.parametrize("text", ["山田 太郎", "時間指定なし", "指定なし", "24時間営業", "朝倉 夜一"])
def test_not_time_requests(text: str) -> None:
    assert find_time_request(text) is None


def test_delivery_request_field_accepts_bare_ranges() -> None:
    assert find_time_request("14:00-16:00", field=True) == "14:00-16:00"
    assert find_time_request("14-16", field=True) == "14-16"
    assert find_time_request("14-16") is None  # in a name or address that could be anything
    assert find_time_request("", field=True) is None


def test_time_request_depends_on_the_method() -> None:
    for method in MAILBOX_METHODS:
        assert name_codes("山田 太郎 午前中希望", method) == {F.TIME_REQUEST_MAILBOX}
    for method in HANDOVER_METHODS:
        assert name_codes("山田 太郎 午前中希望", method) == {F.TIME_REQUEST}
    assert name_codes("山田 太郎 午前中希望", "") == {F.TIME_REQUEST}  # unknown method: note it
    assert name_codes("山田 太郎 午前中希望", " ｸﾘｯｸﾎﾟｽﾄ ") == {F.TIME_REQUEST_MAILBOX}
    assert is_mailbox("レターパック ライト", MAILBOX_METHODS)
    assert not is_mailbox("レターパックプラス", MAILBOX_METHODS)
    assert name_codes("午前中", "ネコポス") == {F.TIME_REQUEST_MAILBOX, F.NAME_NOT_A_NAME}
    assert name_codes("山田 19時以降 置き配", "ゆうパック") == {F.TIME_REQUEST, F.NAME_NOT_A_NAME}


def test_time_request_texts() -> None:
    assert name_finding_text("山田 午前中", "クリックポスト") == \
        "ポスト投函なのに時間指定の希望「午前中」（クリックポストは時間指定できない）"
    assert name_finding_text("山田 19時以降", "ゆうパック") == "時間指定の希望「19時以降」（伝票に記入）"


# --- the order-level entry point -------------------------------------------------------------------

GOOD = Order(postcode="100-0005", prefecture="東京都", address1="千代田区丸の内1丁目", address2="9-1",
             recipient="山田 太郎", ship_method="クリックポスト")


def test_order_without_findings() -> None:
    assert order_findings(GOOD, MAILBOX_METHODS) == []


def test_order_findings_combine_address_postcode_and_name() -> None:
    o = Order(postcode="1000001", prefecture="東京都", address1="千代田区丸の内", address2="サンハイツ",
              recipient="090-1111-2222", ship_method="ゆうパケット")
    got = order_findings(o, MAILBOX_METHODS)
    assert [f for f, _ in got] == [F.ADDRESS_NO_NUMBER, F.POSTCODE_MISMATCH, F.NAME_NOT_A_NAME]
    assert all(isinstance(text, str) and text for _, text in got)
    assert "090" not in "".join(t for _, t in got)  # buyer text is not copied into 理由


def test_order_time_request_from_delivery_request_or_address() -> None:
    o = Order(**{**_fields(GOOD), "delivery_request": "19:00-21:00"})
    text = "ポスト投函なのに時間指定の希望「19:00-21:00」（クリックポストは時間指定できない）"
    assert order_findings(o, MAILBOX_METHODS) == [(F.TIME_REQUEST_MAILBOX, text)]
    o = Order(**{**_fields(GOOD), "address3": "午前中希望", "ship_method": "宅急便"})
    assert [f for f, _ in order_findings(o, MAILBOX_METHODS)] == [F.TIME_REQUEST]
    o = Order(**{**_fields(GOOD), "recipient": "山田 午前中", "delivery_request": "午前中"})
    assert [f for f, _ in order_findings(o, MAILBOX_METHODS)] == [F.TIME_REQUEST_MAILBOX]  # once
    o = Order(**{**_fields(GOOD), "delivery_request": "指定なし"})
    assert order_findings(o, MAILBOX_METHODS) == []


def test_order_uses_the_given_mailbox_methods() -> None:
    o = Order(**{**_fields(GOOD), "recipient": "山田 午前中", "ship_method": "自社便"})
    assert [f for f, _ in order_findings(o, MAILBOX_METHODS)] == [F.TIME_REQUEST]
    assert [f for f, _ in order_findings(o, (*MAILBOX_METHODS, "自社便"))] == [F.TIME_REQUEST_MAILBOX]


def test_order_empty_address_and_name() -> None:
    o = Order(postcode="1000005", prefecture="東京都")
    assert [f for f, _ in order_findings(o, MAILBOX_METHODS)] == [F.ADDRESS_EMPTY, F.NAME_EMPTY]


def _fields(o: Order) -> dict:
    return {k: getattr(o, k) for k in o.__dataclass_fields__}
