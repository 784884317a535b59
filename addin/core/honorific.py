"""How a buyer is addressed (宛名と敬称): one rule for letters, 連絡文 and label files.

- A person: 「山田 太郎 様」.
- An organisation (a legal form such as 株式会社・有限会社・合同会社・一般社団法人, also written
  (株)・（有）・㈱, or a word like 協会・事務所・病院・…店): 「株式会社テスト 御中」. In a 法人注文
  (the report's is-business-order) company words without a legal form count too (テスト商事,
  山田工業, ABC Inc.). A 法人注文 whose name is a person's stays 様: 「山田 太郎 御中」 would be wrong,
  and Amazon's reports carry no separate company name to put above it.
- An organisation followed by a person (「株式会社テスト 総務部 山田太郎」): the company on its own
  line, the person under it with 様 — 御中 and 様 are never combined. 「ご担当者」 after the company
  gives 「ご担当者様」.
Honorifics the buyer typed themselves (様・さま・殿・御中) are dropped first, so none is doubled.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

PERSON = "様"
ORGANISATION = "御中"

# Matched on NFKC text: ㈱ becomes (株) and （株） becomes (株).
_LEGAL_FORM = (r"株式会社|有限会社|合同会社|合資会社|合名会社|(?:一般|公益)(?:社団|財団)法人|"
               r"(?:特定非営利活動|NPO|医療|社会福祉|学校|宗教|独立行政|国立大学|税理士|司法書士|弁護士)法人|"
               r"\(\s*[株有合]\s*\)")
_ORG = re.compile(rf"{_LEGAL_FORM}|法人|組合|協会|事務所|研究所|学校|大学|病院|医院|クリニック|役所|役場|店$")
# Company words that are no legal form: an organisation only in a 法人注文.
_BUSINESS = re.compile(r"商事|商会|商店|工業|産業|製作所|物産|興業|建設|工務店|企画|"
                       r"ホールディングス|(?i:\b(?:inc|corp|co|ltd|llc|k\.?k)\b\.?)")
_BARE_FORM = re.compile(rf"(?:{_LEGAL_FORM})")  # a word that is only the legal form: the name follows
# Words that continue a company's block: its department or branch, not a person.
_UNIT = re.compile(r"(?:部|課|係|室|センター|支店|支社|営業所|事業所|工場|本社|倉庫)$")
_TYPED = re.compile(r"[\s　]*(?:様|さま|殿|御中)$")
_IN_CHARGE = re.compile(r"^(?:ご|御)?担当(?:者)?$")


@dataclass(frozen=True, slots=True)
class Addressee:
    company: str  # "" for a person
    person: str  # "" when the letter goes to the organisation itself
    honorific: str  # 様 or 御中

    @property
    def lines(self) -> tuple[str, ...]:
        """As printed: 「株式会社テスト 御中」, 「山田 太郎 様」, or the company above 「山田 太郎 様」."""
        if self.company and self.person:
            return (self.company, self._with_honorific(self.person))
        return (self._with_honorific(self.company or self.person),)

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def _with_honorific(self, name: str) -> str:
        if not name:
            return ""
        return name + self.honorific if _IN_CHARGE.match(name) else f"{name} {self.honorific}"


def plain_name(name: str) -> str:
    """The name with runs of spaces made one and a typed honorific removed."""
    text = re.sub(r"[\s　]+", " ", name.strip())
    while True:
        stripped = _TYPED.sub("", text)
        if stripped == text:
            return text
        text = stripped


def _is_org(word: str, is_business: bool) -> bool:
    text = unicodedata.normalize("NFKC", word)
    return bool(_ORG.search(text) or (is_business and _BUSINESS.search(text)))


def addressee(name: str, is_business: bool = False) -> Addressee:
    """How to address `name` (a buyer or recipient name as typed); see the module docstring."""
    words = plain_name(name).split(" ") if plain_name(name) else []
    org_at = [i for i, w in enumerate(words) if _is_org(w, is_business)]
    if not org_at:
        return Addressee("", " ".join(words), PERSON)
    end = org_at[-1] + 1
    if _BARE_FORM.fullmatch(unicodedata.normalize("NFKC", words[end - 1]).strip()) and end < len(words):
        end += 1  # 「株式会社 テスト」: the name after the bare legal form is the company's
    while end < len(words) and _UNIT.search(words[end]):
        end += 1
    company, person = " ".join(words[:end]), " ".join(words[end:])
    return Addressee(company, person, PERSON if person else ORGANISATION)


def honorific(name: str, is_business: bool = False) -> str:
    """様 or 御中 for a one-field honorific (a label's 敬称): 様 whenever a person is named."""
    return addressee(name, is_business).honorific
