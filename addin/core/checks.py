"""Address, postcode and recipient checks of one order: the entry point for triage, the UDFs
and `addin check-address`.

Every finding comes with a Japanese text for the 理由 cell: the finding's label, then in
brackets what exactly is wrong. Texts name Japan Post places and generic words (ハイツ, 電話番号)
but never copy the buyer's name or street.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from addin.core.address import AddressCheck, check_address
from addin.core.codes import Finding
from addin.core.model import Order, Settings
from addin.core.postcode import PostcodeCheck, check_postcode
from addin.core.recipient import find_time_request, name_findings, time_finding
from addin.layout import MAILBOX_METHODS

OK_TEXT = "問題なし"  # what the UDFs return when nothing is wrong
SEPARATOR = "／"  # between several findings in one cell

_TIME_FINDINGS = (Finding.TIME_REQUEST, Finding.TIME_REQUEST_MAILBOX)


def _address_part(postcode: str, prefecture: str, lines: Sequence[str]) -> tuple[AddressCheck, PostcodeCheck]:
    address = check_address(prefecture, lines)
    postal = check_postcode(postcode, address.location, address.key)
    return address, postal


def _findings(postcode: str, prefecture: str, lines: Sequence[str], name: str | None, method: str,
              mailbox_methods: Iterable[str], delivery_request: str = ""
              ) -> tuple[AddressCheck, PostcodeCheck, list[tuple[Finding, str]]]:
    mailbox_methods = tuple(mailbox_methods)
    address, postal = _address_part(postcode, prefecture, lines)
    out = [*address.findings, *postal.findings]
    if name is not None:
        out += name_findings(name, method, mailbox_methods)
    if not any(f in _TIME_FINDINGS for f, _ in out):  # one time request is enough
        phrase = find_time_request(address.normalized) or find_time_request(delivery_request, field=True)
        if phrase:
            out.append(time_finding(phrase, method, mailbox_methods))
    return address, postal, out


def order_findings(order: Order, mailbox_methods: tuple[str, ...]) -> list[tuple[Finding, str]]:
    """Address, postcode and recipient findings of one order, each with its 理由 text.

    Time requests are looked for in the recipient name, the address and the order report's
    delivery request; the method (発送方法) decides TIME_REQUEST vs TIME_REQUEST_MAILBOX.
    """
    return _findings(order.postcode, order.prefecture, order.address_lines, order.recipient,
                     order.ship_method, mailbox_methods, order.delivery_request)[2]


def _cell(findings: list[tuple[Finding, str]]) -> str:
    return SEPARATOR.join(text for _, text in findings) or OK_TEXT


def address_finding_text(postcode: str, *lines: str) -> str:
    """UDF: findings of a postcode and address lines (the first may hold the prefecture).

    Returns the Japanese texts joined by "／", or "問題なし" (OK_TEXT) when nothing is wrong.
    """
    return _cell(_findings(postcode, "", lines, None, "", ())[2])


def name_finding_text(name: str, method: str = "", settings: Settings | None = None) -> str:
    """UDF: findings of a recipient name for a 発送方法; "問題なし" when nothing is wrong. With the
    workbook's `settings`, a blank method is 設定's default and 設定's mailbox methods count."""
    if settings is None:
        return _cell(name_findings(name, method, MAILBOX_METHODS))
    return _cell(name_findings(name, method or settings.default_ship_method, settings.mailbox_methods))


def check_address_json(postal: str, lines: Sequence[str], name: str = "", method: str = "",
                       prefecture: str = "") -> dict:
    """`addin check-address`: the normalised address, the place found and every finding.

    `prefecture`, `city`, `town` are the Japan Post place the postcode and address agree on,
    else what the address itself names. `postcode_places` is what Japan Post says the postcode
    covers. Finding codes are in `codes`; `findings` adds severity and the Japanese text.
    """
    address, pc, findings = _findings(postal, prefecture, lines, name, method, MAILBOX_METHODS)
    loc = address.location
    if pc.matched is not None:
        place = {"prefecture": pc.matched.prefecture, "city": pc.matched.city, "town": pc.matched.town}
    else:
        place = {"prefecture": loc.prefecture if loc else "", "city": loc.city if loc else "",
                 "town": loc.town if loc else ""}
    normalized = address.normalized
    if loc and loc.prefecture and not normalized.startswith(loc.prefecture):
        normalized = f"{loc.prefecture}{normalized}"
    return {
        "postal": pc.code,
        "normalized": normalized,
        **place,
        "postcode_places": [{"prefecture": p.prefecture, "city": p.city, "town": p.town} for p in pc.places],
        "codes": [f.value for f, _ in findings],
        "findings": [{"code": f.value, "severity": f.severity.value, "text": text} for f, text in findings],
    }
