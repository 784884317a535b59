"""設定 sheet ↔ Settings. Rows of (項目, 値, 説明); found by the label text, not by position."""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime, time

from addin import layout
from addin import text as text_
from addin.core import values
from addin.core.model import Settings
from addin.core.shipping import parse_carrier_setting, ship_methods
from addin.errors import cell_name

Block = list[list[object]]
WEEKDAYS = text_.WEEKDAYS


DEFAULT_SHIP_METHOD_LABEL = "発送方法（空欄のとき）"


@dataclass(frozen=True)
class Item:
    label: str
    field: str
    default: object  # as shown in the sheet
    help: str


ITEMS: tuple[Item, ...] = (
    Item("ショップ名", "shop_name", "", "手紙に出品者として印刷する名前（必須）"),
    Item("署名", "signature", "", "手紙の最後に添える一言（任意）"),
    Item("発送までの営業日数", "handling_days", 2, "出品時に設定した出荷作業日数"),
    Item("注文の締め時刻", "cutoff", "12:00", "この時刻より後の注文は翌営業日から数えます"),
    Item("営業する曜日", "business_weekdays", "月火水木金", "例: 月火水木金土"),
    Item("祝日は休業", "holidays_closed", "はい", "はい／いいえ"),
    Item("休業日", "closed_days", "12/29-1/3", "毎年の休み（12/29-1/3）や日付（2026/8/13）を「,」区切りで"),
    Item("返信を待つ営業日数", "reply_window_days", 2, "購入者の返信を待つ期間（出荷期限の前営業日まで）"),
    Item("個人情報の保存日数", "pii_retention_days", 30, "発送・キャンセルから何日後に購入者情報を消すか"),
    Item("今日の日付（確認用）", "today", None, "空欄なら今日（日本時間）。動作確認のときだけ入力"),
    Item(DEFAULT_SHIP_METHOD_LABEL, "default_ship_method", "",
         "注文シートの「発送方法」が空欄の注文をこの方法で扱います（セルは空欄のまま）"),
    Item("ポスト投函の発送方法（追加）", "mailbox_methods", "", "時間指定できない発送方法を「,」区切りで追加"),
    Item("手渡しの発送方法（追加）", "handover_methods", "", "手渡しの発送方法を「,」区切りで追加"),
    Item("運送会社の追加", "carriers", "",
         "出荷通知ファイルの運送会社を「発送方法=運送会社」で「,」区切り（例: 飛脚メール便=佐川急便）"),
    Item("依頼主名", "sender_name", "", "送り状のご依頼主（ショップ名など）。B2クラウドでは必須"),
    Item("依頼主郵便番号", "sender_postcode", "", "送り状のご依頼主の郵便番号（例: 530-0001）"),
    Item("依頼主住所", "sender_address", "", "送り状のご依頼主の住所（都道府県から）"),
    Item("依頼主電話番号", "sender_phone", "", "送り状のご依頼主の電話番号（例: 06-1234-5678）"),
    Item("B2請求先顧客コード", "b2_customer_code", "", "ヤマトB2クラウドのご請求先顧客コード（12桁）"),
    Item("B2運賃管理番号", "b2_freight_no", "01", "ヤマトB2クラウドの運賃管理番号（2桁、ふつうは01）"),
    Item("出荷通知テンプレート", "confirm_template", "",
         "セラーセントラルからダウンロードした出荷通知テンプレートの場所（その運送会社コードを使います。空欄なら組み込みの一覧）"),
)
ITEMS_BY_LABEL = {values.norm(i.label): i for i in ITEMS}
# Value cells formatted as text in the template: codes and numbers whose leading zero matters
# (Excel turns a typed 012345678901 into the number 12345678901).
TEXT_LABELS = frozenset({"依頼主郵便番号", "依頼主電話番号", "B2請求先顧客コード", "B2運賃管理番号"})


def _non_negative_int(v: object) -> int:
    n = values.to_int(v)
    if n is None or n < 0 or n > 60:
        raise values.ValueProblem("0〜60の整数で入力してください")
    return n


def _time(v: object) -> time:
    if isinstance(v, time):
        return v
    if isinstance(v, datetime):
        return v.time()
    if isinstance(v, float) and 0 <= v < 1:  # Excel stores a time as a fraction of a day
        minutes = round(v * 24 * 60)
        return time(minutes // 60, minutes % 60)
    m = re.fullmatch(r"(\d{1,2})[:時](\d{2})?分?", values.norm(v))
    if not m or int(m[1]) > 23 or int(m[2] or 0) > 59:
        raise values.ValueProblem("時刻で入力してください（例: 12:00）")
    return time(int(m[1]), int(m[2] or 0))


def _weekdays(v: object) -> frozenset[int]:
    s = re.sub(r"[\s,、・曜日]", "", values.norm(v))
    if not s or any(ch not in WEEKDAYS for ch in s):
        raise values.ValueProblem("曜日を「月火水木金」のように入力してください")
    return frozenset(WEEKDAYS.index(ch) for ch in s)


def _yes_no(v: object) -> bool:
    try:
        return values.flag(v)
    except values.ValueProblem:
        raise values.ValueProblem("「はい」か「いいえ」で入力してください") from None


def _list(v: object) -> tuple[str, ...]:
    return tuple(x for x in (p.strip() for p in re.split(r"[,、\n]", values.norm(v))) if x)


def parse_closed_days(v: object) -> tuple[frozenset[date], frozenset[tuple[int, int]]]:
    """`12/29-1/3, 2026/8/13, 2026/8/14-2026/8/16` → (dates, yearly (month, day) pairs)."""
    if isinstance(v, (datetime, date)):
        return frozenset({values.to_date(v)}), frozenset()  # type: ignore[arg-type]
    dates: set[date] = set()
    yearly: set[tuple[int, int]] = set()
    for part in _list(v):
        ends = [p.strip() for p in re.split(r"[~〜]|(?<=\d)-(?=\d{1,4}/)", part)]
        if len(ends) > 2 or not all(ends):
            raise values.ValueProblem(f"「{part}」を日付か期間として読めません（例: 12/29-1/3）")
        if all(re.fullmatch(r"\d{1,2}/\d{1,2}", e) for e in ends):
            (m1, d1), (m2, d2) = (map(int, e.split("/")) for e in (ends[0], ends[-1]))
            try:
                first, last = date(2000, m1, d1), date(2000 if (m2, d2) >= (m1, d1) else 2001, m2, d2)
            except ValueError:
                raise values.ValueProblem(f"「{part}」は存在しない日付です") from None
            day = first
            while day <= last:
                yearly.add((day.month, day.day))
                day = date.fromordinal(day.toordinal() + 1)
            continue
        first_d, last_d = values.to_date(ends[0]), values.to_date(ends[-1])
        if first_d is None or last_d is None or last_d < first_d or (last_d - first_d).days > 366:
            raise values.ValueProblem(f"「{part}」を日付か期間として読めません（例: 2026/8/13-2026/8/16）")
        for n in range(first_d.toordinal(), last_d.toordinal() + 1):
            dates.add(date.fromordinal(n))
    return frozenset(dates), frozenset(yearly)


_PARSERS: dict[str, Callable[[object], object]] = {
    **{f: values.text for f in ("sender_name", "sender_postcode", "sender_address", "sender_phone",
                                "b2_customer_code", "b2_freight_no")},
    "shop_name": values.text,
    "default_ship_method": values.text,  # checked against the full list once every row is read
    "signature": values.text,
    "handling_days": _non_negative_int,
    "cutoff": _time,
    "business_weekdays": _weekdays,
    "holidays_closed": _yes_no,
    "reply_window_days": _non_negative_int,
    "pii_retention_days": _non_negative_int,
    "today": values.to_date,
    "mailbox_methods": _list,
    "handover_methods": _list,
    "carriers": parse_carrier_setting,
    "confirm_template": values.text,
}


def read_settings(block: Block, sheet: str = layout.SETTINGS) -> Settings:
    """Settings from the 設定 sheet block. Unknown rows are ignored; blank values keep defaults
    (except 今日, whose blank means "today"). A bad value raises ValueProblem naming the cell."""
    s = Settings()
    updates: dict[str, object] = {}
    default_method_row = 0
    for r, row in enumerate(block):
        if not row:
            continue
        item = ITEMS_BY_LABEL.get(values.norm(row[0]))
        if item is None:
            continue
        raw = row[1] if len(row) > 1 else None
        if values.is_blank(raw) and item.field not in ("shop_name", "signature"):
            continue
        try:
            if item.field == "closed_days":
                updates["closed_days"], updates["closed_month_days"] = parse_closed_days(raw)
            elif item.field in ("mailbox_methods", "handover_methods"):
                base = getattr(s, item.field)
                extra = _PARSERS[item.field](raw)
                updates[item.field] = base + tuple(x for x in extra if x not in base)  # type: ignore[operator]
            else:
                updates[item.field] = _PARSERS[item.field](raw)
        except values.ValueProblem as e:
            raise _unreadable(sheet, r, item.label, raw, e) from None
        if item.field == "default_ship_method":
            default_method_row = r
    s = replace(s, **updates)  # type: ignore[arg-type]
    if s.default_ship_method:
        # Only now are the methods added on 設定 (rows below or above this one) known.
        try:
            method = values.choice(s.default_ship_method, ship_methods(s))
        except values.ValueProblem as e:
            raise _unreadable(sheet, default_method_row, DEFAULT_SHIP_METHOD_LABEL,
                              s.default_ship_method, e) from None
        s = replace(s, default_ship_method=method)
    return s


def _unreadable(sheet: str, r: int, label: str, raw: object, e: values.ValueProblem) -> values.ValueProblem:
    return values.ValueProblem(f"シート「{sheet}」のセル{cell_name(r + 1, 2)}（{label}）の値"
                               f"「{values.text(raw)}」が読めません: {e}")


def default_rows() -> list[list[object]]:
    """The 設定 sheet as the template ships it: header, then one row per item."""
    return [["項目", "値", "説明"], *([i.label, i.default, i.help] for i in ITEMS)]
