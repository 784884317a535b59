"""An address that ends at its 丁目/丁/条 block, with no 番地 after it, is ADDRESS_NO_NUMBER;
complete addresses of every Japanese form are not. Measured on real addresses (tests/address_corpus.py,
Japan Post's 事業所 data); benchmarks/bench_address.py prints the figures on the whole corpus."""

from __future__ import annotations

import pytest
from address_corpus import cases, without_number_after_block

from addin.core.address import check_address
from addin.core.codes import Finding


def no_number(prefecture: str, *lines: str) -> str | None:
    for f, text in check_address(prefecture, lines).findings:
        if f in (Finding.ADDRESS_NO_NUMBER, Finding.ADDRESS_EMPTY):
            return text
    return None


@pytest.mark.parametrize(("prefecture", "lines", "block"), [
    ("東京都", ("新宿区西新宿２丁目",), "2丁目"),
    ("東京都", ("新宿区西新宿二丁目",), "2丁目"),
    ("東京都", ("新宿区西新宿２丁目", "サンハイツ２０１"), "2丁目"),  # the digits are the room
    ("大阪府", ("堺市堺区中瓦町３丁",), "3丁"),
    ("北海道", ("札幌市中央区北一条西３丁目",), "3丁目"),
    ("北海道", ("札幌市中央区北１条西３丁目", "", ""), "3丁目"),
    ("北海道", ("旭川市４条通８丁目",), "8丁目"),
])
def test_block_without_number_is_flagged(prefecture, lines, block):
    text = no_number(prefecture, *lines)
    assert text is not None and f"「{block}」のあとに番地がない" in text


@pytest.mark.parametrize(("prefecture", "lines"), [
    ("東京都", ("新宿区西新宿２丁目８－１",)),
    ("東京都", ("新宿区西新宿二丁目8番1号",)),
    ("東京都", ("新宿区西新宿２丁目", "８－１ サンハイツ２０１")),
    ("大阪府", ("堺市堺区中瓦町３丁１－１",)),
    ("北海道", ("札幌市中央区北一条西３丁目２－１",)),
    ("北海道", ("旭川市４条通８丁目１－１",)),
    ("東京都", ("中央区日本橋1丁目4-1 日本橋一丁目ビルディング",)),  # 丁目 inside the building name
    ("東京都", ("新宿区西新宿２丁目無番地",)),
    ("北海道", ("北見市留辺蘂町温根湯温泉番外地",)),
    ("京都府", ("京都市中京区烏丸通三条上る場之町６０２",)),  # Kyoto 通り names
    ("京都府", ("京都市下京区綾小路通烏丸西入童侍者町167 NBF四条烏丸ビル2F",)),
    ("茨城県", ("つくば市大字小野崎１２３",)),  # 大字, no 丁目
    ("岩手県", ("岩手郡雫石町長山岩手山２６地割１４０－２",)),
    ("長野県", ("北佐久郡軽井沢町大字軽井沢字旧軽井沢１３２３",)),  # 地番 only
])
def test_complete_addresses_are_not_flagged(prefecture, lines):
    assert no_number(prefecture, *lines) is None


def test_real_addresses_sample():
    """Every 10th entry of the corpus: no false flag above the goal, and both cuts are caught."""
    sample = list(cases(step=10))
    assert len(sample) >= 1900
    false = [e for e in sample if no_number(e.prefecture, *e.lines)]
    assert len(false) <= 0.005 * len(sample), [(e.town, e.banchi) for e in false]
    cut = [(e, lines) for e in sample if (lines := without_number_after_block(e))]
    assert len(cut) >= 500
    missed_block = [lines for e, lines in cut if not no_number(e.prefecture, *lines)]
    assert len(missed_block) <= 0.01 * len(cut), missed_block[:10]
    missed_town = [e.town for e in sample if not no_number(e.prefecture, e.town)]
    assert len(missed_town) <= 0.01 * len(sample), missed_town[:10]
