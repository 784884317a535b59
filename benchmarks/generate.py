"""Synthetic but realistic data for benchmarks: unshipped-orders reports and order workbooks.

Invented buyers, real postcode/town pairs, the address shapes of real JP reports (番地 in line 2,
full-width digits, buildings with rooms, `--` cities), and a history of seller columns.
"""

from __future__ import annotations

import random
import shutil
import sys
from datetime import date, datetime, timedelta
from pathlib import Path

import openpyxl

from addin import layout

ROOT = Path(__file__).resolve().parent.parent

TOWNS = [  # (postcode, prefecture, city + town)
    ("1000001", "東京都", "千代田区千代田"),
    ("1500002", "東京都", "渋谷区渋谷"),
    ("5300001", "大阪府", "大阪市北区梅田"),
    ("0600001", "北海道", "札幌市中央区北一条西"),
    ("9800811", "宮城県", "仙台市青葉区一番町"),
    ("4600008", "愛知県", "名古屋市中区栄"),
    ("8120011", "福岡県", "福岡市博多区博多駅前"),
    ("2200012", "神奈川県", "横浜市西区みなとみらい"),
    ("3300063", "埼玉県", "さいたま市浦和区高砂"),
    ("7300011", "広島県", "広島市中区基町"),
    ("9000006", "沖縄県", "那覇市おもろまち"),
    ("3800836", "長野県", "長野市南県町"),
]
FAMILY = ["佐藤", "鈴木", "高橋", "田中", "伊藤", "渡辺", "山本", "中村", "小林", "加藤", "吉田", "山田"]
GIVEN = ["太郎", "花子", "健", "美咲", "大輔", "陽菜", "翔", "結衣", "直樹", "さくら"]
ITEMS = [
    "中古本 はじめてのPython 第3版",
    "CD ベスト・オブ・ジャズ",
    "ゲームソフト 冒険の島",
    "文庫 坊っちゃん",
    "DVD 風の谷のドキュメンタリー",
    "古書 日本の名城 写真集",
]
METHODS = ["クリックポスト", "ゆうパケット", "ネコポス", "宅急便", "ゆうパック", ""]
HEADER = [
    "order-id",
    "order-item-id",
    "purchase-date",
    "payments-date",
    "reporting-date",
    "promise-date",
    "days-past-promise",
    "buyer-email",
    "buyer-name",
    "buyer-phone-number",
    "sku",
    "product-name",
    "quantity-purchased",
    "quantity-shipped",
    "quantity-to-ship",
    "ship-service-level",
    "recipient-name",
    "ship-address-1",
    "ship-address-2",
    "ship-address-3",
    "ship-city",
    "ship-state",
    "ship-postal-code",
    "ship-country",
    "is-business-order",
    "is-prime",
]
FW = str.maketrans("0123456789-", "０１２３４５６７８９－")


def _address(rng: random.Random) -> tuple[str, str, str, str, str]:
    postcode, pref, town = rng.choice(TOWNS)
    n1, n2, n3 = rng.randint(1, 9), rng.randint(1, 30), rng.randint(1, 20)
    shape = rng.random()
    if shape < 0.35:
        a1, a2, a3 = town, f"{n1}-{n2}-{n3}", ""
    elif shape < 0.6:
        room = f"メゾン{rng.choice(FAMILY)} {rng.randint(101, 905)}号室"
        a1, a2, a3 = f"{town}{n1}-{n2}-{n3}".translate(FW), room, ""
    elif shape < 0.8:
        a1, a2, a3 = f"{town}{n1}丁目{n2}番{n3}号", "", ""
    elif shape < 0.95:
        building = f"コーポ{rng.choice(GIVEN)}{rng.randint(1, 3)}0{rng.randint(1, 5)}"
        a1, a2, a3 = town, f"{n1}－{n2}".translate(FW), building
    else:
        a1, a2, a3 = town, "", ""  # no 番地: a blocking finding
    return postcode[:3] + "-" + postcode[3:], pref, a1, a2, a3


def report_rows(n: int, seed: int = 1, start: datetime = datetime(2026, 11, 1)) -> list[list[str]]:
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        bought = start + timedelta(minutes=rng.randint(0, 60 * 24 * 25))
        promise = (bought + timedelta(days=rng.randint(1, 4))).replace(hour=14, minute=59, second=59)
        name = rng.choice(FAMILY) + " " + rng.choice(GIVEN)
        pc, pref, a1, a2, a3 = _address(rng)
        rows.append(
            [
                f"{250 + i % 10}-{1000000 + i:07d}-{rng.randint(1000000, 9999999)}",
                f"{10000000000000 + i * 7919:014d}",
                bought.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                bought.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                bought.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                promise.strftime("%Y-%m-%dT%H:%M:%S+00:00"),
                "0",
                f"{rng.getrandbits(40):x}@marketplace.amazon.co.jp",
                name,
                f"0{rng.randint(70, 90)}{rng.randint(10000000, 99999999)}",
                f"SKU-{rng.randint(1, 5000):05d}",
                rng.choice(ITEMS),
                str(rng.choice([1, 1, 1, 2])),
                "0",
                "1",
                rng.choice(["Standard", "Expedited"]),
                name if rng.random() > 0.02 else name + " 午前中希望",
                a1,
                a2,
                a3,
                rng.choice(["--", ""]),
                pref,
                pc,
                "JP",
                rng.choice(["false"] * 19 + ["true"]),
                rng.choice(["true", "false"]),
            ]
        )
    return rows


def make_report(path: Path, n: int, seed: int = 1, encoding: str = "utf-8",
                start: datetime = datetime(2026, 11, 1), new_share: float = 0.0) -> Path:
    """A report of `n` lines: the orders of `report_rows(n, seed, start)` (the same as a workbook
    made with that seed and start), the last `new_share` of them replaced by new orders."""
    new = int(n * new_share)
    rows = report_rows(n, seed, start)[: n - new] + report_rows(new, seed + 1000, datetime(2026, 11, 20))
    lines = ["\t".join(HEADER), *("\t".join(r) for r in rows)]
    path.write_bytes(("\r\n".join(lines) + "\r\n").encode(encoding))
    return path


def _seller_values(rng: random.Random, bought: datetime, ship_by: date) -> dict[str, object]:
    """History: most orders shipped and confirmed, some late, cancelled, waiting or contacted."""
    v: dict[str, object] = {
        "listed_condition": rng.choice(["非常に良い", "良い", "可"]),
        "ship_method": rng.choice(METHODS),
        "stock": "",
    }
    r = rng.random()
    if r < 0.75:
        shipped = bought.date() + timedelta(days=rng.randint(0, 3))
        v.update(
            shipped_on=shipped,
            confirmed_on=shipped + timedelta(days=rng.choice([0, 0, 0, 1])),
            tracking_number=f"{rng.randint(10**11, 10**12 - 1)}",
        )
    elif r < 0.78:
        v.update(cancelled_on=bought.date() + timedelta(days=1))
    elif r < 0.85:
        v.update(
            contacted_on=bought.date() + timedelta(days=1), contact_result=rng.choice(["", "送信エラー", "返信あり"])
        )
    elif r < 0.9:
        v.update(actual_condition="良い", condition_memo="表紙に小さな傷があります")
    elif r < 0.92:
        v.update(stock="欠品")
    return v


HISTORY_START = datetime(2026, 9, 1)


def make_workbook(path: Path, n: int, seed: int = 2, start: datetime = HISTORY_START) -> Path:
    """An order workbook holding `n` rows of history (report and seller columns filled)."""
    shutil.copy(ROOT / "workbook" / "template.xlsm", path)
    wb = openpyxl.load_workbook(path, keep_vba=True)
    ws = wb[layout.ORDERS]
    settings = wb[layout.SETTINGS]
    settings["B2"] = "ベンチマーク書店"
    rng = random.Random(seed)
    keys = [c.key for c in layout.ORDER_COLUMNS]
    for r in report_rows(n, seed, start):
        bought = datetime.strptime(r[2][:19], "%Y-%m-%dT%H:%M:%S") + timedelta(hours=9)
        ship_by = (datetime.strptime(r[5][:19], "%Y-%m-%dT%H:%M:%S") + timedelta(hours=9)).date()
        values: dict[str, object] = {
            "order_id": r[0],
            "order_item_id": r[1],
            "purchased_at": bought,
            "ship_by": ship_by,
            "service_level": r[15],
            "sku": r[10],
            "product_name": r[11],
            "quantity": int(r[12]),
            "price": rng.choice([480, 800, 1200, 2500]),
            "buyer_name": r[8],
            "buyer_email": r[7],
            "recipient": r[16],
            "postcode": r[22],
            "prefecture": r[21],
            "address1": r[17],
            "address2": r[18],
            "address3": r[19],
            "phone": r[9],
            "is_business": "はい" if r[24] == "true" else None,
            "is_prime": "はい" if r[25] == "true" else None,
        }
        values.update(_seller_values(rng, bought, ship_by))
        ws.append([values.get(k) for k in keys])
    wb.save(path)
    return path


if __name__ == "__main__":
    out = Path(sys.argv[1])
    n = int(sys.argv[2])
    (make_report if out.suffix == ".txt" else make_workbook)(out, n)
    print(out)
