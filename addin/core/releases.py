"""What earlier releases shipped, as data: the upgrade compares a seller's workbook with these.

One entry per released layout (never edited once the release is out). A 文面 row still holding
the default of the release that made the workbook is the seller's untouched default, so the
upgrade gives it the new default; any other text is the seller's and is carried.
Extracted from tests/data/workbooks/release-<version>.xlsm (the edited row put back to the
release's default, from git history of addin/core/letters.py).
"""

from __future__ import annotations

# 文面 rows (区分, 文面) as the template of each release shipped them.
RELEASE_TEMPLATES: dict[str, tuple[tuple[str, str], ...]] = {
    "0.1.0": (
        ('日付',
         '{日付}'),
        ('宛名',
         '{宛名} 様'),
        ('表題',
         '商品発送のご案内'),
        ('納品書表題',
         '納品書'),
        ('書き出し',
         'このたびは当店をご利用いただき、誠にありがとうございます。\nご注文いただきました商品をお届けいたします。'),
        ('連絡不達',
         '発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げましたが、送信エラーとなり、お客様へお届けすることができませんでした。出荷予定日までにお届けするため、誠に勝手ながら、このまま発送させていただきました。事前にご相談できなかったことを、心よりお詫び申し上げます。'),
        ('返信なし',
         '発送前に確認させていただきたい点があり、Amazonのメッセージ機能を通じてご連絡を差し上げましたが、出荷予定日までにご返信を確認することができませんでした。出荷予定日までにお届けするため、誠に勝手ながら、このまま発送させていただきました。行き違いでご返信をいただいておりましたら、何卒ご容赦ください。'),
        ('状態相違',
         '「{商品名}」につきまして、出品時のコンディションは「{出品コンディション}」としておりましたが、発送前の検品で「{実際の状態}」相当であることが分かりました。\n（状態：{状態メモ}）\n商品説明と異なる状態でのお届けとなり、誠に申し訳ございません。ご納得いただけない場合は、Amazonの注文履歴から該当のご注文を選び、「商品の返品」よりお手続きいただけます。ご依頼をいただきしだい、Amazonの規定に沿って速やかに対応いたします。'),
        ('時間指定不可',
         'ご注文の際にお届け時間のご希望をいただいておりましたが、今回の配送方法（{発送方法}）は郵便受けへの投函となるため、お届け時間のご指定を承ることができません。ご希望に沿えず申し訳ございませんが、何卒ご了承くださいますようお願い申し上げます。'),
        ('住所そのまま発送',
         'お届け先のご住所に一部確認できない箇所がございましたが、ご注文時にご入力いただいたご住所のとおりに発送いたしました。万一お届けできなかった場合は、Amazonを通じてご連絡いたします。'),
        ('納品書',
         '下記のとおり納品いたします。ご査収くださいますようお願い申し上げます。'),
        ('結び',
         'ご不明な点やお気づきの点がございましたら、お手数ですが、Amazonの注文履歴から該当のご注文を選び、「出品者に連絡」よりお問い合わせください。\n今後とも何卒よろしくお願い申し上げます。'),
        ('注文内容',
         '【ご注文内容】\nご注文番号：{注文番号}\nご注文日：{注文日}'),
        ('商品明細',
         '・{商品名}\u3000数量：{数量}'),
        ('署名',
         'Amazon.co.jp 出品者\n{ショップ名}'),
    ),
}

# 設定 labels each release knew (the upgrade lists every other label as the seller's own).
RELEASE_SETTING_LABELS: dict[str, tuple[str, ...]] = {
    "0.1.0": (
        'ショップ名',
        '署名',
        '発送までの営業日数',
        '注文の締め時刻',
        '営業する曜日',
        '祝日は休業',
        '休業日',
        '返信を待つ営業日数',
        '個人情報の保存日数',
        '今日の日付（確認用）',
        'ポスト投函の発送方法（追加）',
        '手渡しの発送方法（追加）',
        '運送会社の追加',
    ),
}

# A workbook without a version marker was made by the first release.
FIRST_RELEASE = "0.1.0"
