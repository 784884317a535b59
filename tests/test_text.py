"""addin.text: one normalisation for every module. The snapshot pins that the address, recipient
and policy results on a generated corpus (tests/text_corpus.py) did not change when the modules
moved to it; the properties pin that width, dash and invisible-character variants read alike."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from addin import text
from addin.core import address, policy, recipient
from tests import text_corpus

SNAPSHOT = text_corpus.HERE / "data" / "text_snapshot.json"


@pytest.fixture(scope="module")
def results() -> dict[str, list]:
    return text_corpus.results()


@pytest.mark.parametrize("kind", ["address", "recipient", "policy"])
def test_results_match_snapshot(results: dict[str, list], kind: str) -> None:
    expected = json.loads(SNAPSHOT.read_text(encoding="utf-8"))[kind]
    got = results[kind]
    assert len(got) == len(expected), "the corpus changed: regenerate the snapshot (see tests/text_corpus.py)"
    changed = [r for r, want in zip(got, expected, strict=True) if text_corpus.digest(r) != want]
    assert not changed, f"{len(changed)} results changed, first: {changed[:3]}"


def test_corpus_covers_every_form() -> None:
    """Variants of every dash and invisible form are in the corpus, so the snapshot pins them."""
    lines = {a for _, a in text_corpus.addresses()}
    for form in (*text.HYPHENS.replace("\ufe63", ""), *text.LONG_VOWELS, "\u200b", "\u00ad", "\ufe0f"):
        assert any(form in a for a in lines), hex(ord(form))


digits = st.text(alphabet="0123456789", min_size=1, max_size=4)
hyphens = st.sampled_from(text.HYPHENS + "-")


@given(st.lists(digits, min_size=2, max_size=4), hyphens)
def test_address_numbers_read_alike_with_any_hyphen(parts: list[str], dash: str) -> None:
    plain = "東京都千代田区千代田" + "-".join(parts)
    assert address.normalize(plain.replace("-", dash)) == address.normalize(plain)


@given(st.text(max_size=30), st.sampled_from(["\u200b", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f"]),
       st.integers(min_value=0, max_value=30))
def test_invisible_characters_change_nothing(s: str, mark: str, at: int) -> None:
    marked = s[:at] + mark + s[at:]
    assert text.drop_invisible(marked) == text.drop_invisible(s)
    assert address.normalize(marked) == address.normalize(s)
    assert recipient.find_time_request(marked) == recipient.find_time_request(s)


@given(st.text(alphabet="0123456789 -abcdefghijklmnopqrstuvwxyz@.:/", max_size=40))
def test_policy_reads_full_width_alike(s: str) -> None:
    full = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in s)
    assert policy.find(full) == policy.find(s)


def test_japan_time() -> None:
    utc = datetime(2026, 11, 25, 15, 30, tzinfo=UTC)
    assert text.to_japan_time(utc) == datetime(2026, 11, 26, 0, 30)
    naive = datetime(2026, 11, 26, 0, 30)
    assert text.to_japan_time(naive) is naive
    west = datetime(2026, 11, 25, 7, 30, tzinfo=timezone(timedelta(hours=-8)))
    assert text.to_japan_time(west) == datetime(2026, 11, 26, 0, 30)


def test_dates_for_the_seller() -> None:
    d = date(2026, 11, 26)  # a Thursday
    assert (text.weekday(d), text.date_md(d), text.date_short(d), text.date_ymd(d), text.date_long(d)) == (
        "木", "11月26日(木)", "11/26(木)", "2026/11/26（木）", "2026年11月26日")
    assert text.date_long(None) == ""


def test_one_year_range() -> None:
    assert text.supported_year(date(text.MIN_YEAR, 1, 1)) and text.supported_year(text.MAX_YEAR)
    assert not text.supported_year(text.MIN_YEAR - 1) and not text.supported_year(date(text.MAX_YEAR + 1, 1, 1))
