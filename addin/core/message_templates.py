"""Default wording of the ready-to-send texts (連絡文), as rows of the 文面 sheet.

Data only, so that `addin.core.letters` (which parses every 文面 row) can know these 区分 keys
without importing the composer in `addin.core.messages`.

Amazon's rules the wording follows (checked by `addin.core.messages.check_*`):
- Only messages needed to complete the order; no links, e-mail addresses, phone numbers or other
  channels; no marketing, no review or feedback requests, no incentives — Seller Central
  「コミュニケーションに関するガイドライン」
  https://sellercentral.amazon.co.jp/gp/help/external/G1701
- The buyer cancels from 注文履歴 with 「商品をキャンセル」 (after 5 minutes this sends a
  cancellation request to the seller) — https://sellercentral.amazon.co.jp/gp/help/external/help.html?itemID=201722390
  A cancellation the buyer requested this way does not count in the seller's cancellation rate —
  https://sellercentral.amazon.co.jp/gp/help/external/help.html?itemID=200285210
"""

from __future__ import annotations

# 区分 keys. Buyer messages start with 連絡・, the cancellation request with キャンセル依頼・,
# the text for Amazon's seller support with CS・, subjects with 件名・.
M_OPENING = "連絡・書き出し"
M_ADDRESS_NUMBER = "連絡・番地"
M_ADDRESS_EMPTY = "連絡・住所なし"
M_ROOM = "連絡・部屋番号"
M_NAME_EMPTY = "連絡・宛名なし"
M_NAME_CHECK = "連絡・宛名確認"
M_OUT_OF_STOCK = "連絡・欠品"
M_UNSHIPPABLE = "連絡・発送不可"
M_HOW_TO_CANCEL = "連絡・キャンセル方法"
M_CONDITION = "連絡・状態相違"
M_TIME_REQUEST = "連絡・時間指定"
M_REPLY_BY = "連絡・返信期限"
M_CANCEL_BY = "連絡・キャンセル期限"
M_IF_NO_REPLY = "連絡・返信がない場合"
M_CLOSING = "連絡・結び"
C_OPENING = "キャンセル依頼・書き出し"
C_FALLBACK = "キャンセル依頼・期限"
S_BODY = "CS・本文"
S_ADDRESS_NUMBER = "CS・番地"
S_ADDRESS_EMPTY = "CS・住所なし"
S_ROOM = "CS・部屋番号"
S_NAME = "CS・宛名"
S_OUT_OF_STOCK = "CS・欠品"
S_UNSHIPPABLE = "CS・発送不可"
S_CONDITION = "CS・状態相違"
S_TIME_REQUEST = "CS・時間指定"
S_CLOSING = "CS・結び"
T_BUYER = "件名・購入者"
T_CANCEL = "件名・キャンセル"
T_SUPPORT = "件名・CS"

_CANCEL_HOW = ("お手数をおかけしますが、Amazonの注文履歴から本ご注文を選び、「商品をキャンセル」から"
               "キャンセルをリクエストしていただけますでしょうか。リクエストを確認しだい、"
               "速やかにキャンセルの手続きをいたします。")

MESSAGE_TEMPLATES: tuple[tuple[str, str], ...] = (
    (T_BUYER, "ご注文（{注文番号}）についての確認のお願い"),
    (M_OPENING,
     "{宛名} {敬称}\n\n"
     "このたびはご注文いただき、誠にありがとうございます。{ショップ名}です。\n"
     "ご注文（注文番号：{注文番号}）について、発送前にお知らせとご確認のお願いがあり、ご連絡いたしました。"),
    (M_ADDRESS_NUMBER,
     "【お届け先の番地・号について】\n"
     "ご入力いただいたお届け先は次のとおりです。\n"
     "{お届け先}\n"
     "番地・号（例：1-2-3）が見当たらず、このままではお届けできないおそれがあります。"
     "番地・号を含む正しいご住所をお知らせください。"),
    (M_ADDRESS_EMPTY,
     "【お届け先のご住所について】\n"
     "お届け先のご住所が空欄となっており、このままでは発送できません。"
     "都道府県から番地・号、建物名・部屋番号までのご住所をお知らせください。"),
    (M_ROOM,
     "【部屋番号について】\n"
     "ご入力いただいたお届け先は次のとおりです。\n"
     "{お届け先}\n"
     "建物名のあとに部屋番号が見当たりません。部屋番号をお知らせください。"
     "部屋番号のない建物でしたら、その旨をお知らせいただければ、このまま発送いたします。"),
    (M_NAME_EMPTY,
     "【お受取人のお名前について】\n"
     "お届け先のお名前（受取人）が空欄となっており、このままでは発送できません。"
     "お受け取りになる方のお名前をお知らせください。"),
    (M_NAME_CHECK,
     "【お受取人のお名前について】\n"
     "お届け先のお名前（受取人）の欄に、お名前以外の内容が入力されているようです。"
     "配送ラベルに記載するため、お受け取りになる方のお名前をお知らせください。"),
    (M_OUT_OF_STOCK,
     "【在庫切れのお詫び】\n"
     "ご注文の「{商品名}」は、発送前の確認で在庫を切らしていることが分かり、"
     "お届けすることができなくなりました。ご迷惑をおかけし、誠に申し訳ございません。"),
    (M_UNSHIPPABLE,
     "【商品の状態についてのお詫び】\n"
     "ご注文の「{商品名}」は、発送前の検品でお届けできる状態ではないことが分かり、"
     "お届けすることができなくなりました。ご迷惑をおかけし、誠に申し訳ございません。"),
    (M_HOW_TO_CANCEL, _CANCEL_HOW),
    (M_CONDITION,
     "【商品の状態について】\n"
     "ご注文の「{商品名}」は「{出品コンディション}」として出品しておりましたが、"
     "発送前の検品で「{実際の状態}」相当であることが分かりました。\n"
     "（状態：{状態メモ}）\n"
     "商品説明と異なり、誠に申し訳ございません。この状態のままで発送してよろしいか、お知らせください。"
     "ご希望に沿わない場合は、Amazonの注文履歴から本ご注文の「商品をキャンセル」で"
     "キャンセルをリクエストしていただけます。"),
    (M_TIME_REQUEST,
     "【お届け時間のご希望について】\n"
     "お届け時間のご希望をいただいておりますが、今回の配送方法（{発送方法}）は郵便受けへの投函と"
     "なるため、お届け時間を指定することができません。ご希望に沿えず申し訳ございませんが、"
     "このまま発送してよろしいか、お知らせください。"),
    (M_REPLY_BY, "恐れ入りますが、{返信期限}までに、このメッセージへのご返信でお知らせください。"),
    (M_CANCEL_BY, "恐れ入りますが、{返信期限}までにキャンセルのリクエストをお願いいたします。"),
    (M_IF_NO_REPLY, "{返信期限}までにご返信がない場合は、このまま発送させていただきます。"),
    (M_CLOSING,
     "ご不便をおかけし申し訳ございませんが、どうぞよろしくお願いいたします。\n\n"
     "{ショップ名}"),
    (T_CANCEL, "ご注文（{注文番号}）のキャンセルについて"),
    (C_OPENING,
     "{宛名} {敬称}\n\n"
     "ご連絡ありがとうございます。{ショップ名}です。\n"
     "ご注文（注文番号：{注文番号}）のキャンセルについてご案内いたします。\n\n"
     + _CANCEL_HOW),
    (C_FALLBACK,
     "出荷期限の{出荷期限}までにリクエストを確認できない場合は、当店でキャンセルの手続きを"
     "させていただきます。"),
    (T_SUPPORT, "購入者と連絡が取れないため、購入者へのご連絡のお願い（注文番号 {注文番号}）"),
    (S_BODY,
     "いつもお世話になっております。出品者の{ショップ名}です。\n"
     "下記のご注文について、発送前に購入者の方へ確認が必要なため、{連絡の経緯}。\n"
     "このままでは発送できないため、購入者の方へのご連絡をお願いできますでしょうか。\n\n"
     "注文番号：{注文番号}\n"
     "出荷予定日：{出荷期限}\n"
     "購入者に確認が必要なこと："),
    (S_ADDRESS_NUMBER,
     "・お届け先の住所に番地・号がありません。番地・号までの正しい住所を確認したいです。"
     "（入力されている住所：{お届け先}）"),
    (S_ADDRESS_EMPTY, "・お届け先の住所が空欄です。お届け先の住所を確認したいです。"),
    (S_ROOM, "・建物名のあとに部屋番号がありません。部屋番号を確認したいです。（入力されている住所：{お届け先}）"),
    (S_NAME, "・お届け先のお名前（受取人）が空欄か、お名前以外の内容です。受取人のお名前を確認したいです。"),
    (S_OUT_OF_STOCK,
     "・「{商品名}」の在庫を切らしており、発送できません。購入者の方に、注文履歴から"
     "キャンセルをリクエストしていただく必要があります。"),
    (S_UNSHIPPABLE,
     "・「{商品名}」がお届けできる状態ではなく、発送できません。購入者の方に、注文履歴から"
     "キャンセルをリクエストしていただく必要があります。"),
    (S_CONDITION,
     "・「{商品名}」の状態が、出品時の「{出品コンディション}」より悪い「{実際の状態}」相当です。"
     "このまま発送してよいかを確認したいです。"),
    (S_TIME_REQUEST,
     "・お届け時間のご希望がありますが、配送方法（{発送方法}）はポスト投函のため時間指定ができません。"),
    (S_CLOSING,
     "出荷予定日の{出荷期限}までに確認が取れない場合に、この注文をキャンセルしてよいか"
     "（その場合に選ぶキャンセル理由）もあわせてご案内ください。\n"
     "どうぞよろしくお願いいたします。"),
)

MESSAGE_KEYS: tuple[str, ...] = tuple(k for k, _ in MESSAGE_TEMPLATES)

# Placeholders only messages can fill (the letters' placeholders work in messages too).
MESSAGE_PLACEHOLDERS: dict[str, str] = {
    "返信期限": "返信をお願いする期限（今日から設定の「返信待ち営業日数」、出荷期限の前営業日まで）",
    "お届け先": "注文シートの「郵便番号」「都道府県」「住所1〜3」（書かれたとおり）",
    "連絡の経緯": "注文シートの「連絡日」「連絡結果」から（例: 12月3日(木)に…連絡しましたが、送信エラーとなり…）",
}
