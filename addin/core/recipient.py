"""Recipient-name findings and delivery-time requests.

NAME_EMPTY; NAME_NOT_A_NAME for a phone number, an e-mail address, a URL or a delivery
instruction (置き配, 不在時 …) in the name field; TIME_REQUEST (a time slot the method can
honour: write it on the slip) or TIME_REQUEST_MAILBOX (mailbox delivery has no time slot).

Company names, 様方/気付 and convenience-store or post-office pickup (ファミリーマート … 受取,
局留め) are names for this purpose. Detail texts never repeat the buyer's text, except the
time phrase itself (午前中, 19時以降), which the seller copies onto the slip.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from addin import text as text_
from addin.core.codes import Finding

_DASH_RE = re.compile(text_.dash_class(text_.LONG_VOWELS + text_.TILDES))  # also 〜 for 14〜16時


def _plain(text: str) -> str:
    return text_.clean(text_.drop_invisible(text or ""))


def _for_time(text: str) -> str:
    """Dashes and tildes unified, for time ranges (14〜16時, 14ー16時)."""
    return _DASH_RE.sub("-", text)


# --- time requests ---------------------------------------------------------------------------

_H = r"(?:[01]?[0-9]|2[0-4])"
_TIME_RANGE = rf"{_H}(?::[0-5][0-9])?\s*(?:時|:00)?\s*(?:-|から|より)\s*{_H}(?::[0-5][0-9])?\s*時"
_TIME_STRONG = (
    rf"午前中|午前|午後\s*{_H}?\s*時?|{_TIME_RANGE}|"
    rf"{_H}\s*時(?!間)\s*(?:以降|以後|から|まで|迄|頃|ごろ|前後|半|過ぎ|すぎ|指定|希望|着|前)?|"
    r"夜間|夕方|夜[にの]?(?:配達|希望|指定)|朝[にの]?(?:配達|希望|指定)|"
    r"(?:配達)?時間(?:帯)?(?:指定|希望)|日時指定|指定時間|配達時間"
)
# Delivery-request column: bare ranges like 14:00-16:00 or 14-16 are times there.
_TIME_FIELD = rf"{_TIME_STRONG}|{_H}:[0-5][0-9]\s*-\s*{_H}:[0-5][0-9]|^\s*{_H}\s*-\s*{_H}\s*$"
_TIME_RE = re.compile(_TIME_STRONG)
_TIME_HINT_RE = re.compile("[時午夜夕朝]")
_TIME_FIELD_HINT_RE = re.compile("[時午夜夕朝0-9０-９]")
_TIME_FIELD_RE = re.compile(_TIME_FIELD)
# "no time slot wanted" is not a request.
_NO_TIME_RE = re.compile(
    r"(?:時間|日時|配達)?(?:指定|希望)\s*(?:は)?\s*(?:なし|無し|ない|不要|しない|無)|指定なし|なし"
)


def find_time_request(text: str, field: bool = False) -> str | None:
    """The time-request phrase in a name, an address or (field=True) the delivery request."""
    if not text or not (_TIME_FIELD_HINT_RE if field else _TIME_HINT_RE).search(text):
        return None  # cheap test first: most names and addresses have no time words at all
    s = _for_time(_plain(text))
    s = _NO_TIME_RE.sub(" ", s)
    found = [m.group().strip() for m in (_TIME_FIELD_RE if field else _TIME_RE).finditer(s)]
    return " ".join(dict.fromkeys(x for x in found if x)) or None  # 時間指定 午後: both parts


def _norm_method(method: str) -> str:
    return _plain(method).replace(" ", "")


def is_mailbox(method: str, mailbox_methods: Iterable[str]) -> bool:
    m = _norm_method(method)
    return bool(m) and any(m == _norm_method(x) for x in mailbox_methods)


def time_finding(phrase: str, method: str, mailbox_methods: Iterable[str]) -> tuple[Finding, str]:
    if is_mailbox(method, mailbox_methods):
        f = Finding.TIME_REQUEST_MAILBOX
        return f, f"ポスト投函なのに時間指定の希望「{phrase}」（{_plain(method)}は時間指定できない）"
    f = Finding.TIME_REQUEST
    return f, f"時間指定の希望「{phrase}」（伝票に記入）"


# --- names -----------------------------------------------------------------------------------

_URL_RE = re.compile(r"https?://|www\.|\.(?:com|co\.jp|jp|net|org)\b", re.IGNORECASE)
_PHONE_WORD_RE = re.compile(r"TEL|Tel|tel|電話|携帯|☎|℡")
_PHONE_RE = re.compile(r"(?:\+81|0)[0-9]{9,10}")
_PHONE_SEP_RE = re.compile(r"[\s\-()（）.]")
_INSTRUCTION_RE = re.compile(
    r"置き?配|置いて|不在|留守|宅配\s*(?:ボックス|BOX|box|Box|ロッカー)|宅配便?ボックス|"
    r"ポスト(?:に|へ|投函|入れ)|郵便受|玄関|ドア(?:の)?前|メーター\s*(?:ボックス|BOX)|物置|車庫|裏口|"
    r"インターホン|チャイム|呼び?鈴|鳴らさ|入れて|お願い|ください|下さい|配達|届け(?:て|る)|"
    r"連絡(?:して|を|下|くだ)|電話(?:して|を|下|くだ)|手渡し|対面|転送|注意|"
    r"ピンポン|土日|平日|不可|禁止"
)
_HAS_LETTER_RE = re.compile(r"[A-Za-z\u3040-\u30ff\u3400-\u9fff々〆ヵヶ]")


def name_problem(name: str) -> str | None:
    """Why a recipient name is not a name (Japanese, generic), or None."""
    s = _plain(name)
    # Any "@" (a full e-mail address or only its mark) is no name. Tested as text: a pattern
    # like [\w.+-]+@ retries from every start, quadratic in a long name without "@".
    if "@" in s:
        return "メールアドレス"
    if _URL_RE.search(s):
        return "URL"
    if _PHONE_WORD_RE.search(s) or _PHONE_RE.search(_PHONE_SEP_RE.sub("", s)):
        return "電話番号"
    if _INSTRUCTION_RE.search(s):
        return "配達の指示: 置き配・不在時など"
    if not _HAS_LETTER_RE.search(s):
        return "記号や数字だけ"
    return None


def name_findings(name: str, method: str = "",
                  mailbox_methods: Iterable[str] = ()) -> list[tuple[Finding, str]]:
    """Findings of the recipient-name field alone (a time request in it included)."""
    s = _plain(name)
    if not s or s == "--":
        return [(Finding.NAME_EMPTY, Finding.NAME_EMPTY.label)]
    out: list[tuple[Finding, str]] = []
    phrase = find_time_request(s)
    rest = s
    if phrase:
        out.append(time_finding(phrase, method, mailbox_methods))
        rest = _TIME_RE.sub(" ", _NO_TIME_RE.sub(" ", _for_time(s)))
        rest = re.sub(r"(?:を|の)?(?:希望|指定|でお願い|お願い)(?:します)?", " ", rest)
    problem = name_problem(rest)
    if problem:
        if phrase and problem == "記号や数字だけ":
            problem = "時間の希望だけで名前がない"
        f = Finding.NAME_NOT_A_NAME
        out.append((f, f"{f.label}（{problem}）"))
    return out
