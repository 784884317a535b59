"""Amazon's rules for anything put inside the parcel (PRODUCT.md §4), checked line by line.

Text is normalised first (NFKC, every dash to "-"), so full-width tricks such as ｈｔｔｐ or
０９０‐１２３４‐５６７８ are caught like their plain forms. Patterns aim at what the rules forbid,
not at single words: 「ご評価いただける場合は」 or 「ご連絡は Amazon の注文履歴から」 pass, and so
do condition notes such as 「特典は付属しません」 or 「ラインマーカーの書き込み」.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from addin import text as text_
from addin.core.letter_compose import Letter, Line
from addin.core.model import Settings
from addin.core.templates import TemplateRow, Templates
from addin.core.wording import KEY_SIGNATURE, SIGNATURE_SETTING


class Rule(str, Enum):
    URL = "URL"
    QR = "QR"
    EMAIL = "EMAIL"
    PHONE = "PHONE"
    LINE_ID = "LINE_ID"
    OFF_AMAZON = "OFF_AMAZON"
    POSITIVE_REVIEW = "POSITIVE_REVIEW"
    REVIEW_INSTEAD = "REVIEW_INSTEAD"
    REVIEW_CHANGE = "REVIEW_CHANGE"
    INCENTIVE = "INCENTIVE"
    SELLER_NAME = "SELLER_NAME"

    @property
    def label(self) -> str:
        return RULE_LABELS[self]


RULE_LABELS: dict[Rule, str] = {
    Rule.URL: "URL・ウェブサイトの記載",
    Rule.QR: "QRコードの案内",
    Rule.EMAIL: "メールアドレスの記載",
    Rule.PHONE: "電話番号・FAXの記載や電話での連絡の案内",
    Rule.LINE_ID: "LINE・SNSのIDの記載",
    Rule.OFF_AMAZON: "Amazon以外への誘導（SNS・公式サイト・他の販売先・直接取引）",
    Rule.POSITIVE_REVIEW: "高評価（★5など）や、満足した場合だけの評価のお願い",
    Rule.REVIEW_INSTEAD: "悪い評価の前に連絡を求める表現や、低評価への言及",
    Rule.REVIEW_CHANGE: "評価の削除・変更のお願い",
    Rule.INCENTIVE: "クーポン・割引・プレゼントなどの見返り",
    Rule.SELLER_NAME: "出品者としてのショップ名の記載",
}

def normalise(text: str) -> str:
    """NFKC, every hyphen form as "-", and ー between digits (電話０９０ー…) as "-"."""
    return text_.digit_long_vowels_to_hyphens(text_.unify_hyphens(text_.nfkc(text)))


_I = re.IGNORECASE
_EMAIL = re.compile(r"[A-Za-z0-9._%+\-]+\s*(?:@|＠|\(at\)|\[at\])\s*[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)+")
_DOMAIN = re.compile(
    r"(?<![@\w.\-])(?:[a-z0-9](?:[a-z0-9\-]*[a-z0-9])?\.)+"
    r"(?:com|net|org|jp|info|biz|shop|store|site|online|me|io|co|ly|link|app|xyz|tokyo|page|blog)"
    r"(?![a-z0-9])(?:/\S*)?", _I)
AMAZON_DOMAINS = frozenset({"amazon.co.jp", "amazon.jp", "amazon.com"})

# (rule, pattern). Applied to normalised text; e-mail addresses are removed before the URL and
# handle patterns run so that one address is one violation.
_PATTERNS: tuple[tuple[Rule, re.Pattern[str]], ...] = (
    (Rule.URL, re.compile(r"\b(?:h?ttps?|hxxps?|ftp)\s*:\s*//|\bwww\s*\.|(?<![A-Za-z])URL(?![A-Za-z])"
                          r"|ドット\s*(?:コム|ネット|ジェーピー)", _I)),
    (Rule.QR, re.compile(r"(?<![A-Za-z])QR(?![A-Za-z])|キューアール|二次元\s*(?:バー)?\s*コード"
                         r"|コードを?\s*(?:読み取|読取|読み込|読込|スキャン)", _I)),
    (Rule.EMAIL, re.compile(r"メール\s*アドレス|メアド|(?<![A-Za-z])e\s*-?\s*mail(?![A-Za-z])|gmail"
                            r"|(?<![A-Za-z])mail\s*:|(?<![A-Za-z])E\s*メール", _I)),
    (Rule.PHONE, re.compile(r"(?<![A-Za-z])(?:TEL|FAX|PHONE)(?![A-Za-z])|電話\s*番号|ファックス|ファクス"
                            r"|お?電話\s*(?:で|にて|ください|下さい|いただ|頂|を|に|まで|窓口|受付)"
                            r"|フリー\s*ダイヤル|ナビ\s*ダイヤル|携帯\s*(?:番号|電話)", _I)),
    (Rule.LINE_ID, re.compile(r"(?<![A-Za-z])LINE(?![A-Za-z])"
                              r"|(?<![ァ-ヺ])ライン\s*(?:ID|アカウント|公式|友だち|友達|追加|で|にて)"
                              r"|友だち\s*追加|友達\s*追加|(?<![A-Za-z])ID\s*[:=]\s*@?[A-Za-z0-9_.\-]{3,}"
                              r"|(?<![\w.@])@[A-Za-z0-9_.]{3,}", _I)),
    (Rule.OFF_AMAZON, re.compile(
        r"公式\s*(?:サイト|ホームページ|HP|ページ|アカウント|ショップ|ストア|SNS|通販)"
        r"|ホーム\s*ページ|(?<![A-Za-z])HP(?![A-Za-z])|ウェブ\s*サイト|web\s*サイト|website"
        r"|自社\s*(?:サイト|通販|ショップ|ストア)|ネット\s*ショップ|オンライン\s*(?:ショップ|ストア)"
        r"|(?:当店|弊社|当社|私ども|わたくしども)\s*の?\s*(?:サイト|ネットショップ|通販|ストア|ブログ|SNS)"
        r"|ブログ|(?<![A-Za-z])SNS(?![A-Za-z])|instagram|インスタ|twitter|ツイッター|facebook|フェイスブック"
        r"|tiktok|ティックトック|youtube|ユーチューブ|(?<![A-Za-z])threads(?![A-Za-z])"
        r"|(?<!アフター)フォロー\s*(?:して|お願い|ください|下さい|いただ|頂)"
        r"|楽天|ヤフオク|yahoo|ヤフー|メルカリ|ラクマ|paypay\s*フリマ|(?<![A-Za-z])BASE(?![A-Za-z])"
        r"|(?<![A-Za-z])STORES(?![A-Za-z])"
        r"|直接\s*(?:お?取引|ご?購入|ご?注文|販売|お?振込|お?振り込み|やり\s*とり|やり取り)"
        r"|(?:ご|お)来店|実店舗", _I)),
    (Rule.POSITIVE_REVIEW, re.compile(
        r"[★☆⭐✩✪✫✬✭✮✯✰]\s*(?:[5５五]|×\s*5)|[★☆⭐]{3,}|星\s*(?:[5５五]|ひとつ|みっつ|いつつ)"
        r"|[5５五]\s*つ\s*星|星\s*の\s*数|最高\s*評価|高\s*評価|好\s*評価|良\s*評価"
        r"|(?:良い|よい|いい|良き|嬉しい)\s*(?:評価|レビュー|フィードバック)|満点"
        r"|(?:ポジティブ|プラス|好意的)\s*な?\s*(?:評価|レビュー|フィードバック|コメント)"
        r"|(?:満足|気に入|お気に召|喜んで)[^。\n]*?(?:評価|レビュー|フィードバック)"
        r"|(?:評価|レビュー|フィードバック)[^。\n]{0,10}?[5５五]\s*(?:つ|点|個)", _I)),
    (Rule.REVIEW_INSTEAD, re.compile(
        r"(?:悪い|わるい|低い|厳しい|辛口|低|マイナス|ネガティブ|否定的な|不満の?|[★☆]\s*[1１一]|星\s*[1１一])"
        r"\s*(?:の)?\s*(?:評価|レビュー|フィードバック)"
        r"|(?:評価|レビュー|フィードバック)[^。\n]{0,14}?"
        r"(?:前に|より先に|より前に|代わりに|かわりに|ではなく|せずに|なさらず|お控え|控えて|ご遠慮)", _I)),
    (Rule.REVIEW_CHANGE, re.compile(
        r"(?:評価|レビュー|フィードバック)[^。\n]{0,8}?(?:削除|取り消|取消|変更|修正|書き直|書き換|見直|撤回)",
        _I)),
    (Rule.INCENTIVE, re.compile(
        r"クーポン|割引|値引|わりびき|\d+\s*%\s*(?:OFF|オフ|引)|\d+\s*円\s*(?:OFF|オフ|引き|値引)"
        r"|キャッシュ\s*バック|ポイント\s*(?:を|の)?\s*(?:プレゼント|進呈|還元|付与|差し上げ|贈呈|お付け)"
        r"|ギフト\s*(?:券|カード|コード)|プレゼント\s*(?:を|いた|し|させ|と|で|中|企画)|粗品|ノベルティ"
        r"|特典\s*(?:を|として)?\s*(?:差し上げ|進呈|プレゼント|お付け|ご用意|同封)"
        r"|おまけ\s*(?:を|として)?\s*(?:同封|お付け|差し上げ|入れ|ご用意)"
        r"|無料\s*(?:で|にて)?\s*(?:進呈|プレゼント|差し上げ|お付け|ご提供)"
        r"|次回[^。\n]{0,20}?(?:割|値引|安く|特典|サービス|お得|無料|クーポン|ポイント)"
        r"|お礼\s*(?:の品|として)|謝礼", _I)),
)


@dataclass(frozen=True, slots=True)
class Violation:
    rule: Rule
    where: str  # e.g. 文面 12行目「結び」 or 手紙（注文 503-…）「署名」
    line: int  # 1-based line inside that text; 0 = the text as a whole
    excerpt: str = ""  # the offending words (seller text only: buyer values are masked)
    note: str = ""  # extra explanation when there are no offending words to quote

    @property
    def message(self) -> str:
        at = f"{self.where} {self.line}行目" if self.line else self.where
        if self.rule is Rule.SELLER_NAME:
            return f"{at}: {self.note}。Amazonの規約により、同封物には{self.rule.label}が必要です。"
        found = f"「{self.excerpt}」" if self.excerpt else "この行"
        return f"{at}: {found}はAmazonの規約で禁止されている「{self.rule.label}」にあたります。"


def find(text: str) -> list[tuple[Rule, str]]:
    """Rule breaches in one line of text: (rule, excerpt), at most one per rule."""
    t = normalise(text)
    hits: dict[Rule, str] = {}
    for m in _EMAIL.finditer(t):
        hits.setdefault(Rule.EMAIL, m.group(0))
    t = _EMAIL.sub(" ", t)
    for m in _DOMAIN.finditer(t):
        if m.group(0).lower() not in AMAZON_DOMAINS:
            hits.setdefault(Rule.URL, m.group(0))
    phone = _phone_number(t)
    if phone:
        hits.setdefault(Rule.PHONE, phone)
    for rule, pattern in _PATTERNS:
        if rule in hits:
            continue
        m = pattern.search(t)
        if m:
            hits[rule] = m.group(0).strip()
    return [(r, hits[r]) for r in Rule if r in hits]


_PHONE_CANDIDATE = re.compile(r"(?<![\d.])(?:\+\s*)?\d[\d\s().\-]{7,}\d")


def _phone_number(t: str) -> str:
    """A Japanese phone or fax number: 10–11 digits starting with 0, or +81 and 9–10 digits."""
    for m in _PHONE_CANDIDATE.finditer(t):
        digits = re.sub(r"\D", "", m.group(0))
        if (digits.startswith("0") and 10 <= len(digits) <= 11) or (
            m.group(0).startswith("+") and digits.startswith("81") and 11 <= len(digits) <= 12
        ):
            return m.group(0).strip()
    return ""


def check_text(text: str, where: str) -> list[Violation]:
    out: list[Violation] = []
    for n, line in enumerate(text.replace("\r\n", "\n").split("\n"), 1):
        out.extend(Violation(rule, where, n, excerpt) for rule, excerpt in find(line))
    return out


def check_rows(rows: Iterable[TemplateRow]) -> list[Violation]:
    """Every rule on every template row, for any text kind (letters, 連絡文)."""
    return [v for row in rows for v in check_text(row.text, row.where)]


def check_template_rows(rows: Iterable[TemplateRow]) -> list[Violation]:
    """Letter rows: every rule on every row, and the shop name placed in some row."""
    rows = list(rows)
    out = check_rows(rows)
    if not any("{ショップ名}" in row.text.replace(" ", "") for row in rows):
        sign = next((r for r in rows if r.key == KEY_SIGNATURE), None)
        out.append(Violation(Rule.SELLER_NAME, sign.where if sign else "文面「署名」", 0,
                             note="{ショップ名} がどの文面にもありません"))
    return out


def check_templates(templates: Templates) -> list[Violation]:
    return check_template_rows(templates.rows.values())


def check_lines(lines: Iterable[Line], where: str) -> list[Violation]:
    """A composed text of any kind, as lines whose buyer and product values are masked (see
    wording.MASKED): each breach once per source row and line, named by `where` and the 区分."""
    out: list[Violation] = []
    seen: set[tuple[Rule, str, int]] = set()
    for line in lines:
        if not line.text.strip():
            continue
        src = "設定「署名」" if line.source == SIGNATURE_SETTING else f"{where}「{line.source}」"
        for rule, excerpt in find(line.text):
            key = (rule, src, line.source_line)
            if key not in seen:
                seen.add(key)
                out.append(Violation(rule, src, line.source_line, excerpt))
    return out


def check_letter(letter: Letter, settings: Settings) -> list[Violation]:
    """A made letter, masked: what is checked is the seller's wording, the seller's notes
    (状態メモ) and 設定's shop name and signature — which must name the shop."""
    where = f"手紙（注文 {letter.order_id}）"
    out = check_lines(letter.policy_lines, where)
    shop = normalise(settings.shop_name).strip()
    if not shop or not any(shop in normalise(ln.text) for ln in letter.lines):
        out.append(Violation(Rule.SELLER_NAME, where, 0,
                             note="ショップ名が手紙にありません" if shop else "設定のショップ名が空欄です"))
    return out


__all__ = [
    "Rule",
    "Violation",
    "check_letter",
    "check_lines",
    "check_rows",
    "check_template_rows",
    "check_templates",
    "check_text",
    "find",
    "normalise",
]
