#!/bin/bash
# One-step setup for macOS: double-click (or run `bash setup.command` in Terminal). Finds
# Python 3.11 or later and hands over to addin/installer.py, which does the rest.
cd "$(dirname "$0")" || exit 1
# Without the sources beside this file, run the installer from the wheel (a zip Python can import).
if [ ! -f addin/installer.py ]; then
  for w in jiko_hasso_triage-*.whl; do [ -f "$w" ] && export PYTHONPATH="$PWD/$w"; done
fi
# /usr/bin/python3 is Apple's 3.9 (or a stub that asks to install developer tools): never use it.
for py in python3.14 python3.13 python3.12 python3.11 python3; do
  p=$(command -v "$py") || continue
  [ "$p" = /usr/bin/python3 ] && continue
  if "$p" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
    exec "$p" -m addin.installer "$PWD"
  fi
done
cat <<'TEXT'
Python 3.11 以降が見つかりません。次の手順で入れてから、setup.command をもう一度ダブルクリックしてください。
  1. https://www.python.org/downloads/macos/ から Python 3.13 の
     「macOS 64-bit universal2 installer」をダウンロードする。
  2. ダウンロードした .pkg を開いて、画面の指示どおりにインストールする。
TEXT
exit 1
