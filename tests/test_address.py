"""Address normalisation, number/room/garbling rules, postcode checks, the UDF texts, the CLI."""

from __future__ import annotations

import json
import threading

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addin.core import postcode
from addin.core.address import check_address, find_number, is_garbled, match_key, missing_room, normalize
from addin.core.checks import OK_TEXT, SEPARATOR, address_finding_text, check_address_json
from addin.core.codes import Finding
from addin.core.postcode import check_postcode, clean_postcode, locate, places


def codes(postcode_: str, prefecture: str, *lines: str) -> set[str]:
    a = check_address(prefecture, lines)
    p = check_postcode(postcode_, a.location, a.key)
    return {f.value for f, _ in (*a.findings, *p.findings)}


# --- normalisation ----------------------------------------------------------------------------


@pytest.mark.parametrize("raw, expected", [
    ("１－２－３", "1-2-3"),
    ("1‐2‒3", "1-2-3"),
    ("1–2—3", "1-2-3"),
    ("1―2−3", "1-2-3"),
    ("1─2━3", "1-2-3"),
    ("１ー２ｰ３", "1-2-3"),  # long vowel mark between digits, both widths
    ("商工センター6-1-1", "商工センター6-1-1"),  # ー inside a word survives
    ("センタ―ビル6", "センタービル6"),  # a dash typed as the long vowel after katakana
    ("ハイツ―101", "ハイツ-101"),  # ... but a hyphen before a digit
    ("ｻﾝﾊｲﾂ　２０１", "サンハイツ 201"),
    ("  丸の内 \t 1-1  ", "丸の内 1-1"),
    ("葛\U000e0100飾区", "葛飾区"),  # ideographic variation selector
    ("辻\ufe00堂", "辻堂"),
    ("一丁目二番三号", "1丁目2番3号"),
    ("千二百三十四番地", "1234番地"),
    ("百二十三番地の五", "123番地の5"),
    ("3丁目十二の五", "3丁目12の5"),
    ("北一条西二十四丁目", "北1条西24丁目"),
    ("一番町", "一番町"),  # a town name, not 1番
    ("二番丁", "二番丁"),
    ("三条市", "三条市"),
    ("烏丸通二条下ル", "烏丸通二条下ル"),
    ("1丁目三井ビル", "1丁目三井ビル"),
    ("", ""),
])
def test_normalize(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_match_key_unifies_spellings_and_keeps_length() -> None:
    pairs = (("霞ヶ関", "霞が関"), ("虎ノ門", "虎の門"), ("一之船入町", "一ノ船入町"), ("緑ヶ丘", "緑ケ丘"))
    for a, b in pairs:
        assert match_key(a) == match_key(b)
        assert len(match_key(a)) == len(a)
    assert match_key("ノース") == "ノース"  # ノ only between kanji


# --- numbers, rooms, garbling ---------------------------------------------------------------


@pytest.mark.parametrize("rest, has", [
    ("1-2-3", True), ("2丁目", True), ("無番地", True), ("123番地", True),
    ("", False), ("サンハイツ", False), ("第2ビル", False), ("3条", False),
    ("サンハイツ 201", False),  # a room, not a 番地
    ("5-3 メゾン 201", True),
])
def test_find_number(rest: str, has: bool) -> None:
    assert (find_number(rest) is not None) is has


@pytest.mark.parametrize("after, word", [
    ("1-2 サンハイツ 201", None),
    ("1-2 サンハイツ201号室", None),
    ("1-2 サンハイツ", "ハイツ"),
    ("1-2 コーポ山田 2F", "コーポ"),  # a floor is not a room in a residence
    ("1-2 山田ビル 2F", None),  # ... but is enough in an office
    ("1-2 山田ビル", "ビル"),
    ("1-2 山田団地3号棟", "棟"),
    ("1-2 山田団地3号棟 405", None),
    ("1-2-3-203 サンハイツ", None),  # room as the fourth number
    ("1-2 サンハイツ北1条", "ハイツ"),  # 北1条 is part of the name
    ("1-2 株式会社山田コーポレーション", None),
    ("1-2 県立図書館", None),
    ("1-2 #301", None),
])
def test_missing_room(after: str, word: str | None) -> None:
    assert missing_room(after) == word


def test_garbled() -> None:
    assert is_garbled(normalize("丸の内？ハイツ"))
    assert is_garbled("丸の内\ufffd")
    assert not is_garbled("丸の内1-1")


# --- reading an address -------------------------------------------------------------------------


def test_locate_finds_prefecture_city_town() -> None:
    loc = locate(match_key(normalize("東京都千代田区丸の内1-9-1")))
    assert (loc.prefecture, loc.city, loc.town) == ("東京都", "千代田区", "丸の内")
    loc = locate(match_key(normalize("札幌市中央区北一条西二丁目")), "北海道")
    assert (loc.city, loc.town) == ("札幌市中央区", "北一条西")
    loc = locate(match_key(normalize("京都市中京区烏丸通二条下ル秋野々町529")), "京都府")
    assert loc.town == "秋野々町"
    loc = locate(match_key(normalize("福岡市博多区那珂1-1")), "福岡県")  # not 福岡 + 市
    assert (loc.city, loc.town) == ("福岡市博多区", "那珂")
    loc = locate(match_key(normalize("京都市中京区秋野々町1")))  # 京都 alone is not the prefecture
    assert (loc.prefecture, loc.city) == ("京都府", "京都市中京区")


def test_locate_city_forms() -> None:
    loc = locate(match_key(normalize("横浜市日吉2-1-1")), "神奈川県")  # 政令市 without its ward
    assert (loc.city, loc.town) == ("横浜市港北区", "日吉")
    loc = locate(match_key(normalize("恩納村恩納1")), "沖縄県")  # 郡 left out
    assert loc.city == "国頭郡恩納村"
    loc = locate(match_key(normalize("千代田区 丸の内1-1")))  # no prefecture, space before the town
    assert (loc.prefecture, loc.town) == ("東京都", "丸の内")


# --- postcodes -----------------------------------------------------------------------------------


def test_clean_postcode() -> None:
    for raw in ("100-0005", "〒100-0005", "１００－０００５", "100ー0005", " 100 0005 ", "100−0005"):
        assert clean_postcode(raw) == "1000005"


def test_postcode_invalid_unknown_and_office_codes() -> None:
    assert codes("100000", "東京都", "千代田区丸の内1-1") == {"POSTCODE_INVALID"}
    assert codes("abcdefg", "東京都", "千代田区丸の内1-1") == {"POSTCODE_INVALID"}
    assert codes("1000099", "東京都", "千代田区丸の内1-1") == {"POSTCODE_UNKNOWN"}
    assert places("0608621")[0].town == "北一条西"  # a business (事業所) code exists
    assert codes("0608621", "北海道", "札幌市中央区北1条西6丁目1-2") == set()
    assert codes("0608621", "北海道", "札幌市中央区南3条西6丁目1-2") == {"POSTCODE_MISMATCH"}


def test_lost_leading_zero_is_explained() -> None:
    p = check_postcode("600001", None)
    assert p.findings[0][0] is Finding.POSTCODE_INVALID
    assert "先頭の0" in p.findings[0][1]


def test_every_town_of_a_multi_town_code_fits() -> None:
    towns = [p.town for p in places("0491312")]
    assert len(towns) >= 5
    for town in towns:
        assert codes("0491312", "北海道", f"松前郡福島町{town}12") == set(), town
    assert codes("0491312", "北海道", "松前郡福島町字月崎12") == {"POSTCODE_MISMATCH"}


def test_code_spanning_two_cities() -> None:
    assert {p.city for p in places("9994554")} == {"尾花沢市", "北村山郡大石田町"}
    assert codes("9994554", "山形県", "尾花沢市芦沢1") == set()
    assert codes("9994554", "山形県", "北村山郡大石田町鷹巣1") == set()
    assert codes("9994554", "山形県", "尾花沢市鷹巣1") == {"POSTCODE_MISMATCH"}


def test_mismatch_text_names_the_postcodes_place() -> None:
    text = address_finding_text("1000001", "東京都千代田区丸の内1-9-1")
    assert text == "郵便番号と住所が一致しない（〒100-0001は東京都千代田区千代田の番号）"


def test_skyscraper_code_needs_the_building() -> None:
    assert codes("1006001", "東京都", "千代田区霞が関3-2-5 霞が関ビル1階") == set()
    assert codes("1006001", "東京都", "千代田区霞が関3-2-5 中央合同庁舎") == {"POSTCODE_MISMATCH"}


def test_data_is_loaded_once_and_shared_by_threads() -> None:
    g = postcode.gazetteer()
    assert postcode.gazetteer() is g
    results: list[set[str]] = []

    def work() -> None:
        for _ in range(50):
            results.append(codes("1000001", "東京都", "千代田区丸の内1-9-1"))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results == [{"POSTCODE_MISMATCH"}] * 200


# --- the UDF texts and the CLI ----------------------------------------------------------------


def test_address_finding_text() -> None:
    assert address_finding_text("100-0005", "東京都", "千代田区丸の内", "1-9-1") == OK_TEXT
    text = address_finding_text("1000005", "東京都千代田区丸の内")
    assert text == "住所に番地がない（「丸の内」のあとに数字がない）"
    text = address_finding_text("1000099", "東京都千代田区丸の内1-1 サンハイツ")
    assert text.split(SEPARATOR) == ["建物名に部屋番号がない（「ハイツ」のあと）",
                                     "存在しない郵便番号（〒100-0099）"]
    assert address_finding_text("1000005") == "住所が空欄"


def test_check_address_json() -> None:
    r = check_address_json("100-0005", ["千代田区丸の内一丁目", "９−１"], "山田 太郎 午前中",
                           "クリックポスト", "東京都")
    assert r["normalized"] == "東京都千代田区丸の内1丁目 9-1"
    assert (r["prefecture"], r["city"], r["town"]) == ("東京都", "千代田区", "丸の内")
    assert r["postcode_places"] == [{"prefecture": "東京都", "city": "千代田区", "town": "丸の内"}]
    assert r["codes"] == ["TIME_REQUEST_MAILBOX"]
    assert r["findings"][0]["severity"] == "ASK"
    json.dumps(r, ensure_ascii=False)


def test_cli_check_address(capsys: pytest.CaptureFixture[str]) -> None:
    from addin.cli import main

    rc = main(["check-address", "--postal", "1000001", "東京都千代田区丸の内", "1-9-1", "--name", "山田"])
    out = json.loads(capsys.readouterr().out)
    assert rc == 0
    assert out["codes"] == ["POSTCODE_MISMATCH"]
    assert out["town"] == "丸の内"
    assert out["postcode_places"][0]["town"] == "千代田"


# --- any text at all -----------------------------------------------------------------------------

_ALPHABET = ("0123456789０１２３-－ー―‐丁目番地号一二三十百千条線の"
             "東京都千代田区丸の内北海道札幌市中央区ハイツビル ?　\ufe00")


@settings(max_examples=150, deadline=None)
@given(st.text(alphabet=_ALPHABET, max_size=40), st.text(max_size=12))
def test_any_text_gives_a_cell_text(address: str, postal: str) -> None:
    text = address_finding_text(postal, address)
    assert isinstance(text, str) and text
    assert len(match_key(normalize(address))) == len(normalize(address))
