"""佐川急便 e飛伝III 「送り状データ取込」: 74 columns, no header row, no quoting, as data.

Source: solahsoyalp/SAGAWA_LabelSchema_Docs_Unofficial docs/送り状データ取込レイアウト.md and
spec/*.json (commit 1243a03), a transcription of the official manual
https://e-hiden3.sagawa-exp.co.jp/help_nsx/manual-takuhai.pdf: Shift_JIS, comma, 囲み文字なし, CRLF,
ヘッダ行なし. 全角文字 fields (住所1-3, 名称1-2: 16 characters each) are converted to 全角 by e飛伝III,
so they are written 全角 here and measured as 32. お客様管理番号 is 半角英数 16: our join key.
時間帯 codes (01 午前中, 12, 14, 16, 18 = 18-20, 19 = 19-21, 04 = 18-21) from the same table, No.46.
The 出荷履歴データ出力 (93 columns, header row) comes back with お問い合せ送り状No. (No.1), 出荷日
(No.3), お客様管理番号 (No.19) and 削除区分 (No.84): docs/出荷履歴データ出力レイアウト.md.
"""

from __future__ import annotations

from addin.core.labels.fields import Chars, Field, Layout

F = Field
A, D, P, T, Z = Chars.ALNUM, Chars.DIGITS, Chars.PHONE, Chars.TEXT, Chars.ZEN

FIELDS: tuple[Field, ...] = (
    F("お届け先コード取得区分", 1, False, D),  # 1
    F("お届け先コード", 12, False, T),  # 2
    F("お届け先電話番号", 14, False, P),  # 3
    F("お届け先郵便番号", 8, False, P),  # 4
    F("お届け先住所1", 32, True, Z),  # 5
    F("お届け先住所2", 32, False, Z),  # 6
    F("お届け先住所3", 32, False, Z),  # 7
    F("お届け先名称1", 32, True, Z),  # 8
    F("お届け先名称2", 32, False, Z),  # 9
    F("お客様管理番号", 16, False, A),  # 10
    F("お客様コード", 12, False, D),  # 11
    F("部署ご担当者コード取得区分", 1, False, D),  # 12
    F("部署ご担当者コード", 4, False, A),  # 13
    F("部署ご担当者名称", 32, False, Z),  # 14
    F("荷送人電話番号", 14, False, P),  # 15
    F("ご依頼主コード取得区分", 1, False, D),  # 16
    F("ご依頼主コード", 12, False, A),  # 17
    F("ご依頼主電話番号", 14, False, P),  # 18
    F("ご依頼主郵便番号", 8, False, P),  # 19
    F("ご依頼主住所1", 32, False, Z),  # 20
    F("ご依頼主住所2", 32, False, Z),  # 21
    F("ご依頼主名称1", 32, False, Z),  # 22
    F("ご依頼主名称2", 32, False, Z),  # 23
    F("荷姿", 3, False, D),  # 24
    F("品名1", 32, False, T),  # 25
    F("品名2", 32, False, T),  # 26
    F("品名3", 32, False, T),  # 27
    F("品名4", 32, False, T),  # 28
    F("品名5", 32, False, T),  # 29
    F("荷札荷姿", 3, False, D),  # 30
    F("荷札品名1", 32, False, T),  # 31
    F("荷札品名2", 32, False, T),  # 32
    F("荷札品名3", 32, False, T),  # 33
    F("荷札品名4", 32, False, T),  # 34
    F("荷札品名5", 32, False, T),  # 35
    F("荷札品名6", 32, False, T),  # 36
    F("荷札品名7", 32, False, T),  # 37
    F("荷札品名8", 32, False, T),  # 38
    F("荷札品名9", 32, False, T),  # 39
    F("荷札品名10", 32, False, T),  # 40
    F("荷札品名11", 32, False, T),  # 41
    F("出荷個数", 3, False, D),  # 42
    F("スピード指定", 3, False, D),  # 43
    F("クール便指定", 3, False, D),  # 44
    F("配達日", 8, False, D),  # 45
    F("配達指定時間帯", 2, False, D),  # 46
    F("配達指定時間(時分)", 4, False, D),  # 47
    F("代引金額", 7, False, D),  # 48
    F("消費税", 6, False, D),  # 49
    F("決済種別", 1, False, D),  # 50
    F("保険金額", 8, False, D),  # 51
    F("指定シール1", 3, False, D),  # 52
    F("指定シール2", 3, False, D),  # 53
    F("指定シール3", 3, False, D),  # 54
    F("営業所受取", 1, False, D),  # 55
    F("SRC区分", 1, False, D),  # 56
    F("営業所受取営業店コード", 4, False, D),  # 57
    F("元着区分", 1, False, D),  # 58
    F("メールアドレス", 100, False, T),  # 59
    F("ご不在時連絡先", 14, False, P),  # 60
    F("出荷日", 8, False, D),  # 61
    F("お問い合せ送り状No.", 12, False, D),  # 62
    F("出荷場印字区分", 1, False, D),  # 63
    F("集約解除指定", 1, False, D),  # 64
    F("編集01", 32, False, T),  # 65
    F("編集02", 32, False, T),  # 66
    F("編集03", 32, False, T),  # 67
    F("編集04", 32, False, T),  # 68
    F("編集05", 32, False, T),  # 69
    F("編集06", 32, False, T),  # 70
    F("編集07", 32, False, T),  # 71
    F("編集08", 32, False, T),  # 72
    F("編集09", 32, False, T),  # 73
    F("編集10", 32, False, T),  # 74
)

LAYOUT = Layout("ehiden3", "佐川 e飛伝III", FIELDS, header=False,
                source="solahsoyalp/SAGAWA_LabelSchema_Docs_Unofficial docs/送り状データ取込レイアウト.md")

METHODS = frozenset({"佐川急便", "飛脚宅配便"})
TIME_SLOTS: dict[tuple[int, int], str] = {(8, 12): "01", (12, 14): "12", (14, 16): "14", (16, 18): "16",
                                          (18, 20): "18", (19, 21): "19", (18, 21): "04"}


# 出荷履歴データ出力 (93 columns, header row): docs/出荷履歴データ出力レイアウト.md; used to read it back and
# by samples.issued_export for the demo and the tests.
HISTORY_HEADER: tuple[str, ...] = (
    "お問い合せ送り状No.", "サービス種別", "出荷日", "お届け先コード", "お届け先電話番号", "お届け先郵便番号",
    "お届け先住所1", "お届け先住所2", "お届け先住所3", "お届け先JIS地区5桁コード", "お届け先JIS地区8桁コード",
    "お届け先JIS地区11桁コード", "営業所コード", "お届け先名称1", "お届け先名称2", "ご不在時連絡先",
    "メールアドレス", "グループ名", "お客様管理番号", "お客様コード", "荷送人電話番号", "荷送人郵便番号",
    "荷送人住所1", "荷送人住所2", "荷送人名称1", "荷送人名称2", "部署ご担当者コード", "部署ご担当者名称",
    "ご依頼主コード", "ご依頼主電話番号", "ご依頼主郵便番号", "ご依頼主住所1", "ご依頼主住所2", "ご依頼主名称1",
    "ご依頼主名称2", "代行出荷区分", "出荷場印字区分", "荷姿", "品名1", "品名2", "品名3", "品名4", "品名5",
    "荷札荷姿", "荷札品名1", "荷札品名2", "荷札品名3", "荷札品名4", "荷札品名5", "荷札品名6", "荷札品名7",
    "荷札品名8", "荷札品名9", "荷札品名10", "荷札品名11", "編集01", "編集02", "編集03", "編集04", "編集05",
    "編集06", "編集07", "編集08", "編集09", "編集10", "出荷個数", "個数集約区分", "スピード指定", "クール便指定",
    "配達日", "配達指定時間帯", "配達指定時間(時分)", "決済種別", "代引金額", "消費税", "保険金額", "指定シール1",
    "指定シール2", "指定シール3", "営業所受取", "営業所受取営業所コード", "SRC区分", "元着区分", "削除区分",
    "削除日", "削除時間", "クール不可可能性", "代引不可可能性", "着払不可可能性", "時間帯不可可能性",
    "ジャストタイム便 不可可能性", "エラー", "エラー内容",
)
