"""ヤマト運輸 B2クラウド「外部データから発行」: the 97-column 送り状発行データ (入出力用) layout, as data.

Sources (the official PDF https://bmypage.kuronekoyamato.co.jp/bmypage/pdf/new_exchange1.pdf is
not readable here):
- column names and order: the current 97-column header, as in the research samples
  ../shared/reference/label-formats/b2cloud_import.csv (cross-checked there against
  jmleejake/csvProject NewYamatoVO.java and and-period/furumaru's Go exporter, 97 headers);
- limits and required flags of columns 1-84: solahsoyalp/YAMATO_LabelsSchema_Docs_Unofficial
  docs/B2送り状発行データレイアウト入出力用.md (commit 8cb4054), a transcription of the PDF:
  お客様管理番号 半角英数20, お届け先住所 全角32/半角64, アパートマンション名 16/32, お届け先名 16/32,
  品名1 25/50, コレクト 7 digits, ご請求先顧客コード 12 digits, 運賃管理番号 2 digits;
- 送り状種類 codes (0 発払い, 2 コレクト, 8 宅急便コンパクト, 9 コンパクトコレクト, A ネコポス) and
  配達時間帯 codes (0812 午前中, 1416, 1618, 1820, 1921): the research report's current
  transcription (label-formats/README.md §2); labocho/yamato_b2_cloud lib/yamato_b2_cloud/record.rb
  agrees on positions 2, 5-7, 9, 11-13, 16, 20, 22-25, 28, 34, 35, 40, 42.
Columns 85-97 (予備, 投函予定メール…, 連携管理番号, 通知メールアドレス) are written blank: width 0.
The same layout comes back as the 発行済みデータ export, with No.4 伝票番号 filled.
"""

from __future__ import annotations

from addin.core.labels.fields import Chars, Field, Layout

F = Field
A, D, P = Chars.ALNUM, Chars.DIGITS, Chars.PHONE

FIELDS: tuple[Field, ...] = (
    F("お客様管理番号", 20, False, A),  # 1
    F("送り状種類", 1, True, A),  # 2
    F("クール区分", 1, False, D),  # 3
    F("伝票番号", 12, False, D),  # 4
    F("出荷予定日", 10, True),  # 5
    F("お届け予定（指定）日", 10),  # 6
    F("配達時間帯", 4, False, D),  # 7
    F("お届け先コード", 20, False, A),  # 8
    F("お届け先電話番号", 15, True, P),  # 9
    F("お届け先電話番号枝番", 2, False, D),  # 10
    F("お届け先郵便番号", 8, True, P),  # 11
    F("お届け先住所", 64, True),  # 12
    F("お届け先住所（アパートマンション名）", 32),  # 13
    F("お届け先会社・部門名1", 50),  # 14
    F("お届け先会社・部門名2", 50),  # 15
    F("お届け先名", 32, True),  # 16
    F("お届け先名略称カナ", 50),  # 17
    F("敬称", 4),  # 18
    F("ご依頼主コード", 20, False, A),  # 19
    F("ご依頼主電話番号", 15, False, P),  # 20
    F("ご依頼主電話番号枝番", 2, False, D),  # 21
    F("ご依頼主郵便番号", 8, False, P),  # 22
    F("ご依頼主住所", 64),  # 23
    F("ご依頼主住所（アパートマンション名）", 32),  # 24
    F("ご依頼主名", 32),  # 25
    F("ご依頼主略称カナ", 50),  # 26
    F("品名コード1", 30, False, A),  # 27
    F("品名1", 50, True),  # 28
    F("品名コード2", 30, False, A),  # 29
    F("品名2", 50),  # 30
    F("荷扱い1", 20),  # 31
    F("荷扱い2", 20),  # 32
    F("記事", 32),  # 33
    F("コレクト代金引換額（税込）", 7, False, D),  # 34
    F("コレクト内消費税額等", 7, False, D),  # 35
    F("営業所止置き", 1, False, D),  # 36
    F("営業所コード", 6, False, D),  # 37
    F("発行枚数", 2, False, D),  # 38
    F("個数口枠の印字", 1, False, D),  # 39
    F("ご請求先顧客コード", 12, True, D),  # 40
    F("ご請求先分類コード", 3, False, D),  # 41
    F("運賃管理番号", 2, True, D),  # 42
    F("クロネコwebコレクトデータ登録", 0),  # 43
    F("クロネコwebコレクト加盟店番号", 0),  # 44
    F("クロネコwebコレクト申込受付番号1", 0),  # 45
    F("クロネコwebコレクト申込受付番号2", 0),  # 46
    F("クロネコwebコレクト申込受付番号3", 0),  # 47
    F("お届け予定eメール利用区分", 0),  # 48
    F("お届け予定eメールe-mailアドレス", 0),  # 49
    F("入力機種", 0),  # 50
    F("お届け予定eメールメッセージ", 0),  # 51
    F("お届け完了eメール利用区分", 0),  # 52
    F("お届け完了eメールe-mailアドレス", 0),  # 53
    F("お届け完了eメールメッセージ", 0),  # 54
    F("クロネコ収納代行利用区分", 0),  # 55
    F("予備", 0),  # 56
    F("収納代行請求金額（税込）", 0),  # 57
    F("収納代行内消費税額等", 0),  # 58
    F("収納代行請求先郵便番号", 0),  # 59
    F("収納代行請求先住所", 0),  # 60
    F("収納代行請求先住所（アパートマンション名）", 0),  # 61
    F("収納代行請求先会社・部門名1", 0),  # 62
    F("収納代行請求先会社・部門名2", 0),  # 63
    F("収納代行請求先名（漢字）", 0),  # 64
    F("収納代行請求先名（カナ）", 0),  # 65
    F("収納代行問合せ先名（漢字）", 0),  # 66
    F("収納代行問合せ先郵便番号", 0),  # 67
    F("収納代行問合せ先住所", 0),  # 68
    F("収納代行問合せ先住所（アパートマンション名）", 0),  # 69
    F("収納代行問合せ先電話番号", 0),  # 70
    F("収納代行管理番号", 0),  # 71
    F("収納代行品名", 0),  # 72
    F("収納代行備考", 0),  # 73
    F("複数口くくりキー", 0),  # 74
    F("検索キータイトル1", 20),  # 75
    F("検索キー1", 20, False, A),  # 76
    F("検索キータイトル2", 20),  # 77
    F("検索キー2", 20, False, A),  # 78
    F("検索キータイトル3", 20),  # 79
    F("検索キー3", 20, False, A),  # 80
    F("検索キータイトル4", 20),  # 81
    F("検索キー4", 20, False, A),  # 82
    F("検索キータイトル5", 20),  # 83
    F("検索キー5", 20, False, A),  # 84
    F("予備", 0),  # 85
    F("予備", 0),  # 86
    F("投函予定メール利用区分", 0),  # 87
    F("投函予定メールe-mailアドレス", 0),  # 88
    F("投函予定メールメッセージ", 0),  # 89
    F("投函完了メール（お届け先宛）利用区分", 0),  # 90
    F("投函完了メール（お届け先宛）e-mailアドレス", 0),  # 91
    F("投函完了メール（お届け先宛）メールメッセージ", 0),  # 92
    F("投函完了メール（ご依頼主宛）利用区分", 0),  # 93
    F("投函完了メール（ご依頼主宛）e-mailアドレス", 0),  # 94
    F("投函完了メール（ご依頼主宛）メールメッセージ", 0),  # 95
    F("連携管理番号", 0),  # 96
    F("通知メールアドレス", 0),  # 97
)

LAYOUT = Layout("b2cloud", "ヤマト B2クラウド", FIELDS, header=True,
                source="solahsoyalp/YAMATO_LabelsSchema_Docs_Unofficial; label-formats/README.md §2")

# 送り状種類 by 発送方法: (normal, cash on delivery). None = that service has no COD.
SLIP_TYPES: dict[str, tuple[str, str | None]] = {
    "宅急便": ("0", "2"),
    "宅急便コンパクト": ("8", "9"),
    "ネコポス": ("A", None),
}
MAILBOX_TYPES = frozenset({"A"})  # no time slot, no delivery date

# 配達時間帯: (start hour, end hour) → code.
TIME_SLOTS: dict[tuple[int, int], str] = {(8, 12): "0812", (14, 16): "1416", (16, 18): "1618",
                                          (18, 20): "1820", (19, 21): "1921"}
COD_LIMIT = 300_000  # コレクト代金引換額 ≤ 300,000 円 (same transcription, No.34)
