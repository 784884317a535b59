"""A deterministic corpus of addresses, names and letter lines with their width, dash and
invisible-character variants, and the results of the address, recipient and policy checks on it.

`tests/data/text_snapshot.json` holds the results computed before text normalisation moved to
`addin.text`; test_text.py recomputes them and fails on any difference. Regenerate only when a
behaviour change is intended: `python -m tests.text_corpus > tests/data/text_snapshot.json`.
"""

from __future__ import annotations

import ast
import csv
import hashlib
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
# Forms a seller or buyer types for "-" (hyphens, minus, box drawing, long vowel marks, tildes).
DASH_FORMS = ("-", "‐", "‑", "‒", "–", "—", "―", "⁃", "−", "－", "﹣", "﹘", "─", "━", "╴", "➖", "ー", "ｰ", "〜", "～")
INVISIBLE = ("\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u00ad", "\ufe0f", "\U000e0100")
_FULL = {**{chr(c): chr(c + 0xFEE0) for c in range(0x21, 0x7F)}, " ": "\u3000"}


def _full_width(s: str) -> str:
    return "".join(_FULL.get(ch, ch) for ch in s)


def variants(s: str) -> list[str]:
    out = [s, _full_width(s), f" {s}\u3000"]
    if "-" in s:
        out += [s.replace("-", d) for d in DASH_FORMS[1:]]
    if len(s) > 2:
        out += [s[:2] + z + s[2:] for z in INVISIBLE]
    return list(dict.fromkeys(out))


def _literals(test_file: str) -> list[str]:
    tree = ast.parse((HERE / test_file).read_text(encoding="utf-8"))
    found = [n.value for n in ast.walk(tree) if isinstance(n, ast.Constant) and isinstance(n.value, str)]
    return sorted({s for s in found if 0 < len(s) < 200})


def addresses() -> list[tuple[str, str]]:
    with open(HERE / "data" / "addresses.tsv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter="\t"))
    out = []
    for r in rows:
        line = " ".join(x for x in (r["address1"], r["address2"], r["address3"]) if x)
        out += [(r["prefecture"], v) for v in variants(line)]
    return out


def names() -> list[str]:
    return [v for s in _literals("test_recipient.py") for v in variants(s)]


def letter_lines() -> list[str]:
    from addin.core import letters

    seeds = _literals("test_policy.py") + [t for _, t in letters.DEFAULT_TEMPLATES]
    return [v for s in seeds for line in s.splitlines() for v in variants(line)]


def results() -> dict[str, list]:
    from addin.core import address, policy, recipient
    from addin.layout import MAILBOX_METHODS

    return {
        "address": [[p, a, address.normalize(a), address.match_key(address.normalize(a))]
                    for p, a in addresses()],
        "recipient": [[n, [[f.name, t] for f, t in recipient.name_findings(n, "クリックポスト", MAILBOX_METHODS)],
                       recipient.find_time_request(n), recipient.find_time_request(n, field=True),
                       recipient.is_mailbox(n, MAILBOX_METHODS)]
                      for n in names()],
        "policy": [[s, [[r.name, e] for r, e in policy.find(s)], policy.normalise(s)] for s in letter_lines()],
    }


def digest(result: object) -> str:
    """Short fingerprint of one result, so the snapshot stays small; failures print the result."""
    return hashlib.sha256(json.dumps(result, ensure_ascii=False).encode()).hexdigest()[:12]


def snapshot() -> dict[str, list[str]]:
    return {kind: [digest(r) for r in rows] for kind, rows in results().items()}


if __name__ == "__main__":
    print(json.dumps(snapshot(), indent=0))
