#!/usr/bin/env bash
# The main job on the bundled samples (the older sample, and the real 2025 JP 34-column report in
# cp932 with COD and Amazon's warnings): new workbook → import the reports → triage → letters (+PDF),
# the shipping round trip, then 成績.
# Leaves out/注文.xlsm and, when LibreOffice is installed, out/手紙.pdf and PNG pictures of the first
# screen of 今日 and 注文 (out/画面_今日.png, out/画面_注文.png) and of the letters (out/手紙-N.png).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
mkdir -p out
rm -f out/*.png  # pictures of an earlier, longer run must not linger
A=.venv/bin/addin
TODAY=${TODAY:-2026-11-26}  # the sample report is from this day
$A new-workbook out/注文.xlsm --force
$A import-report samples/未出荷の注文レポート_サンプル.txt samples/未出荷の注文レポート_2025_sjis.txt out/注文.xlsm
$A triage out/注文.xlsm --today "$TODAY"
# what a seller types during the day (messages sent, bounced, items checked), then triage again
.venv/bin/python scripts/demo_seller_inputs.py out/注文.xlsm
$A triage out/注文.xlsm --today "$TODAY"
if command -v soffice >/dev/null 2>&1; then
  $A letters out/注文.xlsm --today "$TODAY" --pdf out/手紙.pdf
  command -v pdftoppm >/dev/null 2>&1 && pdftoppm -png -r 60 out/手紙.pdf out/手紙  # the letters as PNG
else
  $A letters out/注文.xlsm --today "$TODAY"
  echo "（PDF を作るには LibreOffice が必要です: sudo apt-get install libreoffice-calc-nogui）"
fi
# The shipping round trip: label file → (carrier issues labels) → tracking numbers → confirmation
# file → (Amazon's processing report) → 出荷通知日. The carrier and Amazon are stand-ins.
rm -f out/送り状*.csv
$A label-file out/注文.xlsm clickpost out/送り状_クリックポスト.csv --today "$TODAY"
.venv/bin/python scripts/demo_carrier.py export clickpost "$TODAY" out/クリックポスト発送履歴.csv out/送り状_クリックポスト*.csv
$A import-tracking out/注文.xlsm out/クリックポスト発送履歴.csv --today "$TODAY"
$A confirm-file out/注文.xlsm out/出荷通知.txt --today "$TODAY"
.venv/bin/python scripts/demo_carrier.py report out/出荷通知.txt out/処理レポート.txt
$A confirm-result out/注文.xlsm out/出荷通知.txt out/処理レポート.txt --today "$TODAY"
$A triage out/注文.xlsm --today "$TODAY"
$A metrics out/注文.xlsm --today "$TODAY"   # the 成績 button
# what a seller sees first on opening the workbook: the first screen of 今日 and 注文, as PNG
if command -v soffice >/dev/null 2>&1 && command -v pdftoppm >/dev/null 2>&1; then
  .venv/bin/python scripts/screenshots.py out/注文.xlsm out
fi
echo "できあがり: out/注文.xlsm を Excel で開いてください（最初の画面: out/画面_今日.png、out/画面_注文.png）。"
