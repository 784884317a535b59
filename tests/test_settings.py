from datetime import date, time

import pytest

from addin.core.model import Settings
from addin.core.settings import default_rows, parse_closed_days, read_settings
from addin.errors import AddinError


def rows(**overrides):
    block = default_rows()
    for r in block:
        if r[0] in overrides:
            r[1] = overrides[r[0]]
    return block


def test_defaults_from_template_rows():
    s = read_settings(rows(ショップ名="本の森"))
    assert s.shop_name == "本の森"
    assert s.handling_days == 2 and s.reply_window_days == 2 and s.pii_retention_days == 30
    assert s.business_weekdays == frozenset(range(5))
    assert s.holidays_closed is True
    assert s.today is None
    assert (12, 29) in s.closed_month_days and (1, 3) in s.closed_month_days
    assert (1, 4) not in s.closed_month_days


def test_empty_sheet_gives_product_defaults():
    assert read_settings([]) == Settings()


@pytest.mark.parametrize(
    ("label", "value", "cell"),
    [
        ("発送までの営業日数", "abc", "B4"),
        ("発送までの営業日数", -1, "B4"),
        ("注文の締め時刻", "25:00", "B5"),
        ("営業する曜日", "月火水木金祝", "B6"),
        ("祝日は休業", "たぶん", "B7"),
        ("休業日", "12/32-1/3", "B8"),
        ("返信を待つ営業日数", "2.5", "B9"),
        ("今日の日付（確認用）", "きょう", "B11"),
    ],
)
def test_invalid_value_names_the_cell(label, value, cell):
    with pytest.raises(AddinError) as e:
        read_settings(rows(**{label: value}))
    msg = str(e.value)
    assert f"セル{cell}" in msg and label in msg and "設定" in msg


def test_full_width_and_variants_accepted():
    s = read_settings(rows(**{"発送までの営業日数": "３", "注文の締め時刻": "１４時",
                              "営業する曜日": "月・火・水・木・金・土", "祝日は休業": "いいえ",
                              "今日の日付（確認用）": "２０２６／１１／２６"}))
    assert s.handling_days == 3 and s.cutoff == time(14, 0)
    assert 5 in s.business_weekdays and not s.holidays_closed
    assert s.today == date(2026, 11, 26)


def test_excel_time_fraction_and_extra_methods():
    s = read_settings(rows(**{"注文の締め時刻": 0.5, "ポスト投函の発送方法（追加）": "メール便A, メール便B"}))
    assert s.cutoff == time(12, 0)
    assert s.mailbox_methods[-2:] == ("メール便A", "メール便B")


def test_closed_days_forms():
    dates, yearly = parse_closed_days("2026/8/13-2026/8/16, 5/1, 12/31-1/2")
    assert dates == {date(2026, 8, d) for d in range(13, 17)}
    assert yearly == {(5, 1), (12, 31), (1, 1), (1, 2)}
