"""Amazon's processing report for an uploaded shipping-confirmation file (issue 20).

Pure: the uploaded file's bytes and the report's bytes in; which (order-id, order-item-id) lines
Amazon accepted, and the error lines with Amazon's message and what to do, out.

The report (tab-separated; label-formats/README.md §5: infratex Java parser, peddler test data,
WP-Lister processOrderFulfillmentResults) is
    Feed Processing Summary:
        Number of records processed    N
        Number of records successful   M
    (blank)
    original-record-number  order-id  order-item-id  error-code  error-type  error-message
and lists only rejected or warned lines: a line not listed succeeded. error-type is Error or
Warning (a Warning still confirms the line). Lines are matched on order-id/order-item-id when the
report gives them; original-record-number alone is mapped to the n-th data line of the upload
(the offset for the 3-header JP template is unconfirmed, so such a match is reported, not trusted
when the ids disagree).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence, Set
from dataclasses import dataclass, field

from addin import text as text_
from addin.core.labels.fields import FileReadError, decode
from addin.errors import DomainError

Key = tuple[str, str]


@dataclass(frozen=True)
class UploadLine:
    record: int  # 1-based among the data lines
    order_id: str
    order_item_id: str


def read_upload(data: bytes) -> list[UploadLine]:
    """Data lines of an uploaded confirmation file (ours, or edited in Excel): after the line
    whose cells include `order-id`."""
    try:
        text = decode(data)
    except FileReadError as e:
        raise DomainError(f"出荷通知ファイルを読めません: {e}") from None
    rows = [line.split("\t") for line in text.splitlines()]
    header = next((i for i, r in enumerate(rows[:10]) if "order-id" in (c.strip() for c in r)), None)
    if header is None:
        raise DomainError("出荷通知ファイルに「order-id」の見出し行がありません"
                          "（アップロードした出荷通知ファイルを選んでください）。")
    names = [c.strip() for c in rows[header]]
    oi = names.index("order-id")
    ii = names.index("order-item-id") if "order-item-id" in names else None
    out: list[UploadLine] = []
    for r in rows[header + 1:]:
        oid = r[oi].strip() if oi < len(r) else ""
        if not oid:
            continue
        item = r[ii].strip() if ii is not None and ii < len(r) else ""
        out.append(UploadLine(len(out) + 1, oid, item))
    return out


@dataclass(frozen=True)
class ReportLine:
    record: int | None
    order_id: str
    order_item_id: str
    code: str
    kind: str  # Error / Warning (as Amazon wrote it)
    message: str

    @property
    def is_error(self) -> bool:
        k = text_.nfkc(self.kind).strip().lower()
        return k not in ("warning", "警告")


@dataclass
class Report:
    processed: int | None = None
    successful: int | None = None
    lines: list[ReportLine] = field(default_factory=list)


def _count(row: list[str]) -> int | None:
    nums = [c.strip() for c in row[1:] if c.strip()]
    return int(nums[0]) if nums and nums[0].isdigit() else None


def read_report(data: bytes) -> Report:
    try:
        text = decode(data)
    except FileReadError as e:
        raise DomainError(f"処理レポートを読めません: {e}") from None
    rep = Report()
    header: list[str] | None = None
    for line in text.splitlines():
        cells = line.split("\t")
        label = " ".join(c.strip() for c in cells if c.strip())
        low = label.lower()
        if header is None:
            if "original-record-number" in (c.strip() for c in cells):
                header = [c.strip() for c in cells]
            elif low.startswith("number of records processed") or "処理されたレコード" in label:
                rep.processed = _count([x for x in cells if x.strip()])
            elif low.startswith("number of records successful") or "成功したレコード" in label:
                rep.successful = _count([x for x in cells if x.strip()])
            continue
        if not label:
            continue
        get = dict(zip(header, (c.strip() for c in cells), strict=False)).get
        rec = get("original-record-number") or ""
        rep.lines.append(ReportLine(int(rec) if rec.isdigit() else None, get("order-id") or "",
                                    get("order-item-id") or "", get("error-code") or "", get("error-type") or "",
                                    get("error-message") or ""))
    if header is None and rep.processed is None:
        raise DomainError("処理レポートの形ではありません（「Feed Processing Summary」か "
                          "「original-record-number」の行がありません）。")
    return rep


# Amazon's message → what the seller does. Patterns from the known JP/EN messages (README §5).
ADVICE: tuple[tuple[str, str], ...] = (
    (r"carrier[-_ ]?code|配送業者コード|carrier[-_ ]?name",
     "配送業者コードが受け付けられていません。設定「運送会社の追加」で「発送方法=Other」にするか正しいコードにして、"
     "この注文だけの出荷通知ファイルを作り直してアップロードしてください"),
    (r"ship[-_ ]?method", "配送方法の警告です。出荷通知は済んでいるので、対応は不要です"),
    (r"tracking|追跡|問い合わせ番号|お問合せ", "追跡番号を確かめて直し、この注文の出荷通知をやり直してください"),
    (r"ship[-_ ]?date|出荷日", "出荷日（発送日）を確かめて直し、この注文の出荷通知をやり直してください"),
    (r"cannot be fulfilled|canceled|cancelled|キャンセル",
     "注文がキャンセルされたか出荷できない状態です。セラーセントラルで注文の状況を確かめ、"
     "分からなければテクニカルサポートに連絡してください"),
    (r"quantity|数量", "出荷数を確かめて直し、この注文の出荷通知をやり直してください"),
    (r"order[-_ ]?id|order[-_ ]?item|注文番号|not found|見つかりません",
     "注文番号・注文商品番号が違うか、別のアカウントの注文です。番号を確かめてください"),
)
DEFAULT_ADVICE = "Amazonのメッセージに従って直し、この注文だけの出荷通知ファイルをアップロードし直してください"


def advice(message: str) -> str:
    for pattern, text in ADVICE:
        if re.search(pattern, message, re.IGNORECASE):
            return text
    return DEFAULT_ADVICE


@dataclass
class ResultPlan:
    accepted: list[Key] = field(default_factory=list)  # lines to mark 出荷通知日 (in upload order)
    errors: list[str] = field(default_factory=list)  # one text per rejected line
    warnings: list[str] = field(default_factory=list)  # accepted with a warning
    notes: list[str] = field(default_factory=list)


def plan_result(upload: bytes, report: bytes) -> ResultPlan:
    """Which lines of the upload Amazon accepted. Refuses a report that does not belong to the
    upload (its counts or ids disagree), so no row is marked from the wrong file."""
    lines = read_upload(upload)
    if not lines:
        raise DomainError("出荷通知ファイルに注文の行がありません。")
    rep = read_report(report)
    if rep.processed is not None and rep.processed != len(lines):
        raise DomainError(f"処理レポートの処理件数は{rep.processed}件、出荷通知ファイルは{len(lines)}行です。"
                          "このレポートは別のファイルのものではありませんか（同じアップロードの組を選んでください）。")
    by_number_only = False
    ids = {x.order_id for x in lines}
    by_record = {x.record: x for x in lines}
    rejected: set[int] = set()
    plan = ResultPlan()
    for r in rep.lines:
        target, candidates = _locate(r, lines, ids, by_record)
        if not r.order_id and target is not None:
            by_number_only = True
        text = _line_text(r, target)
        if r.is_error:
            # several lines of one order and no way to tell which: none of them is marked
            rejected.update(x.record for x in ([target] if target is not None else candidates))
            plan.errors.append(text)
        else:
            plan.warnings.append(text)
    plan.accepted = [(x.order_id, x.order_item_id) for x in lines if x.record not in rejected]
    if rep.successful is not None and rep.successful != len(plan.accepted):
        plan.notes.append(f"処理レポートの成功件数は{rep.successful}件ですが、エラーでない行は{len(plan.accepted)}行です。"
                          "セラーセントラルの注文画面で出荷通知済みか確かめてください")
    if by_number_only:
        plan.notes.append("注文番号のないエラー行をレコード番号（ファイルのデータ行の順番）で照合しました。"
                          "エラーの注文が合っているか、セラーセントラルで確かめてください")
    return plan


def _locate(r: ReportLine, lines: Sequence[UploadLine], ids: Set[str],
            by_record: Mapping[int, UploadLine]) -> tuple[UploadLine | None, list[UploadLine]]:
    """The upload line one report line is about (None when it cannot be told), and the lines of its
    order it could be about. Refuses an order id or record number the upload does not have."""
    if r.order_id:
        if r.order_id not in ids:
            raise DomainError(f"処理レポートの注文番号 {r.order_id} が出荷通知ファイルにありません。"
                              "このレポートは別のファイルのものではありませんか。")
        same = [x for x in lines if x.order_id == r.order_id
                and (not r.order_item_id or x.order_item_id == r.order_item_id)]
        if r.record is not None:
            exact = [x for x in same if x.record == r.record]
            same = exact or same
        return (same[0] if len(same) == 1 else None), same
    if r.record is None:
        return None, []
    target = by_record.get(r.record)
    if target is None:
        raise DomainError(f"処理レポートのレコード番号 {r.record} が"
                          f"出荷通知ファイルの行数（{len(lines)}）を超えます。")
    return target, [target]


def _line_text(r: ReportLine, target: UploadLine | None) -> str:
    """One report line for the seller: which order line, Amazon's message, and what to do."""
    what = f"注文番号 {target.order_id if target else r.order_id}" + (
        f"（注文商品番号 {target.order_item_id}）" if target and target.order_item_id else "")
    return f"{what}: {r.kind or 'Error'} {r.code} 「{r.message}」 → {advice(r.message)}"
