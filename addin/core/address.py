"""Address normalisation and the address findings that need no postcode.

Reads an address the way a Japanese post clerk does: width and dash forms do not matter,
漢数字 in 丁目/番/号 are numbers, a 番地 must follow the town. The gazetteer (where the town
ends) comes from `addin.core.postcode`; this module only needs its `locate()`.

Findings: ADDRESS_EMPTY, ADDRESS_NO_NUMBER, ROOM_NUMBER_MISSING, ADDRESS_GARBLED.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from addin.core.codes import Finding
from addin.core.reading import match_key, normalize

if TYPE_CHECKING:
    from addin.core.postcode import Location

# Normalisation and the spelling key live in core/reading (below postcode, which keys Japan Post
# names the same way).


def join_lines(lines: Iterable[str]) -> str:
    """ship-address-1..3 as one address (a space between lines keeps 1-2 and 203 apart)."""
    return " ".join(x.strip() for x in lines if x and x.strip() and x.strip() != "--")


# --- numbers, buildings, garbling -----------------------------------------------------------

# A 番地 number: digits that are not 第N (an ordinal in a name) nor a Hokkaido 条/線 block
# (part of the town name, 南3条西), or 無番地.
_NUMBER_RE = re.compile(r"(?<![第0-9])[0-9]+(?![0-9]|[条線])|無番地|番外地")
_GARBLED_RE = re.compile("[?\ufffd〓]")

# Building words. Residences need a room number; offices are fine with a floor.
_RESIDENTIAL = (
    "マンション|ハイツ|コーポ(?!レーション)|アパート|レジデンス|レジデンシャル|ハイム|メゾン|"
    "カーサ|パレス|シャトー|ヴィラ|ドミール|ドミトリー|シェアハウス|テラスハウス|タウンハウス|"
    "荘|寮|団地|棟"
)
_PUBLIC_HALLS = ("図書", "美術", "博物", "公民", "体育", "旅", "記念", "資料", "水族", "映画")  # no rooms
_OFFICE = "ビル|プラザ|タワー|" + "".join(f"(?<!{w})" for w in _PUBLIC_HALLS) + "館"
_BUILDING_RE = re.compile(f"(?P<res>{_RESIDENTIAL})|(?P<off>{_OFFICE})")
_ROOM_RE = re.compile(r"[0-9]+\s*号室|#\s*[0-9]+|[A-Z]-?[0-9]{2,}|[0-9]{2,}\s*号(?!棟|館)")
# A floor or room digit: not a block number inside a building name (サンハイツ北1条).
_DIGIT_RE = re.compile(r"(?<![0-9])[0-9]+(?![0-9]|\s*(?:条|丁目|番町|線|区))")
# A room digit: not a floor either (コーポ山田 2F names no door).
_ROOM_DIGIT_RE = re.compile(r"(?<![0-9])[0-9]+(?![0-9]|\s*(?:条|丁目|番町|線|区|F|階))")
# Building words unlikely in a town or 字 name: one before the 番地 means the 番地 is missing
# (富士見 青葉レジデンス#201 has a room, not a 番地).
_BUILDING_FIRST_RE = re.compile(
    "マンション|ハイツ|コーポ(?!レーション)|アパート|レジデンス|ハイム|メゾン|カーサ|パレス|シャトー|"
    "ヴィラ|ビル|タワー|プラザ|[ァ-ヺー](?:荘|寮|館)"
)
# 1-2-3-203: a fourth number part (or a 3-digit last part of three) is the room.
_ROOM_IN_NUMBER_RE = re.compile(r"[0-9]+(?:-[0-9]+){3}|[0-9]+-[0-9]+-[0-9]{3,}")


def find_number(rest: str, after_town: bool = True) -> re.Match[str] | None:
    """First 番地 number in the part after the town (None = no number).

    With `after_town` (the town was recognised), digits that only follow a building word are
    a room, not a 番地.
    """
    m = _NUMBER_RE.search(rest)
    if m and after_town:
        b = _BUILDING_FIRST_RE.search(rest, 0, m.start())
        if b:
            return None
    return m


# A block number: 2丁目, 3丁 (Osaka, Sakai), 北1条 (Hokkaido). After the last one a 番地 must
# follow: a carrier cannot deliver to a whole 丁目. 条 before 通 or a Kyoto direction is a name
# (normalize keeps those as written), and 第N is an ordinal.
_BLOCK_RE = re.compile(r"(?<![0-9第])[0-9]+\s*(?:丁目|丁(?!目)|条(?!通|[上下][るル]|[東西]入))")


def block_without_number(rest: str) -> str | None:
    """The last 丁目/丁/条 block of the part after the town when the address has no 番地 besides
    its block numbers, else None.

    `2丁目10-5`, `北1条西3丁目2-1` and `1-7-8 東神田一丁目ビル` are complete; `西新宿2丁目`,
    `中瓦町3丁`, `2丁目 サンハイツ201` (the digits belong to the building) are not. 無番地 counts
    as a 番地.
    """
    if "丁" not in rest and "条" not in rest:  # the common case, without a regex
        return None
    blocks = list(_BLOCK_RE.finditer(rest))
    if not blocks:
        return None
    masked = _BLOCK_RE.sub(lambda m: "丁" * len(m.group()), rest)  # same offsets, no digits
    if find_number(masked, True) is not None:
        return None
    return blocks[-1].group().replace(" ", "")


def is_garbled(normalized: str) -> bool:
    return _GARBLED_RE.search(normalized) is not None


def missing_room(after_number: str) -> str | None:
    """The building word that lacks a room number in the text after the 番地, else None.

    The last building word decides (団地3号棟 → 棟). After a residence word we need a digit
    that is not only a floor; after an office word any digit (a floor) is enough.
    """
    last = None
    for m in _BUILDING_RE.finditer(after_number):
        last = m
    if last is None:
        return None
    tail = after_number[last.end() :]
    if "号室" in after_number or _ROOM_RE.search(tail):
        return None
    if last.group("off"):
        return None if _DIGIT_RE.search(tail) else last.group()
    if _ROOM_IN_NUMBER_RE.search(after_number[: last.start()]):
        return None
    if _ROOM_DIGIT_RE.search(tail):
        return None
    return last.group()


# --- the address check ----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AddressCheck:
    """One address read: its normalised text, where the town ends, and its findings."""

    normalized: str
    key: str  # match_key(normalized): same offsets
    location: Location | None  # None when the address is empty
    findings: tuple[tuple[Finding, str], ...]


def _text(finding: Finding, extra: str = "") -> str:
    return f"{finding.label}（{extra}）" if extra else finding.label


def check_address(prefecture: str, lines: Sequence[str]) -> AddressCheck:
    """Findings of the address itself (not the postcode): empty, garbled, no 番地, no room."""
    from addin.core.postcode import locate  # the gazetteer lives with the postcode data

    raw = join_lines(lines)
    normalized = normalize(raw)
    pref_hint = normalize(prefecture) if prefecture and prefecture.strip() != "--" else ""
    if not normalized:
        return AddressCheck("", "", None, ((Finding.ADDRESS_EMPTY, _text(Finding.ADDRESS_EMPTY)),))
    key = match_key(normalized)
    loc = locate(key, pref_hint)
    findings: list[tuple[Finding, str]] = []
    if is_garbled(normalized):
        findings.append((Finding.ADDRESS_GARBLED,
                         _text(Finding.ADDRESS_GARBLED, "「?」など読めない文字。元の注文で確認")))
    rest = key[loc.rest_start :]
    number = find_number(rest, bool(loc.town))
    if number is None:
        where = f"「{loc.town}」のあと" if loc.town else "町名のあと"
        findings.append((Finding.ADDRESS_NO_NUMBER,
                         _text(Finding.ADDRESS_NO_NUMBER, f"{where}に数字がない")))
    elif (block := block_without_number(rest)) is not None:
        findings.append((Finding.ADDRESS_NO_NUMBER,
                         _text(Finding.ADDRESS_NO_NUMBER, f"「{block}」のあとに番地がない")))
    else:
        word = missing_room(rest[number.start() :])
        if word:
            findings.append((Finding.ROOM_NUMBER_MISSING,
                             _text(Finding.ROOM_NUMBER_MISSING, f"「{word}」のあと")))
    return AddressCheck(normalized, key, loc, tuple(findings))
