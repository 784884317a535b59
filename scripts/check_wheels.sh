#!/usr/bin/env bash
# Does every dependency install from wheels (nothing built from source) on Windows and macOS for
# Python 3.11-3.14? Needs the package index; not part of the tests. pip evaluates environment
# markers for THIS machine even with --platform, so xlwings' Windows/Mac-only dependencies
# (pywin32; psutil, appscript) are fetched explicitly.
set -uo pipefail
cd "$(dirname "$0")/.."
PIP=".venv/bin/python -m pip"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
$PIP wheel -q --no-deps -w "$work/dist" . || exit 1
wheel=$(ls "$work"/dist/*.whl)
fail=0
for py in 3.11 3.12 3.13 3.14; do
  for target in "win_amd64|pywin32>=224" \
                "macosx_11_0_arm64|psutil>=2.0.0 appscript>=1.0.1" \
                "macosx_10_15_x86_64 --platform macosx_10_13_x86_64 --platform macosx_10_9_x86_64|psutil>=2.0.0 appscript>=1.0.1"; do
    plats=${target%%|*}; extra=${target#*|}; name=${plats%% *}; d="$work/$py-$name"
    # shellcheck disable=SC2086  # word splitting of the platform options and requirements is intended
    if $PIP download -q --only-binary=:all: --implementation cp --python-version "$py" --platform $plats \
         -d "$d" "$wheel" $extra >"$d.log" 2>&1; then
      echo "OK   Python $py $name: $(ls "$d" | wc -l) wheels"
    else
      echo "FAIL Python $py $name"; grep -v WARNING "$d.log" | tail -3; fail=1
    fi
  done
done
exit $fail
