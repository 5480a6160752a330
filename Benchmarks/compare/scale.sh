#!/usr/bin/env bash
# Our calibration time and peak memory from 10³ to 10⁶ persons (at 50 items) and from 20 to 500 items
# (at 10,000 persons), 2PL without standard errors. Writes .work/scale/scale.csv and scale.svg.
#
#   Benchmarks/compare/scale.sh [--with-mirt] [--se] [--persons 1000,10000] [--items 20,50] [--no-build]
#
# Generating the 10⁶ × 50 data set takes about a minute and 100 MB of disk (cached in .work/data).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"
PYTHON="${PYTHON:-python3}"

build=1
pass=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) pass+=("$arg") ;;
  esac
done

mkdir -p "$WORK"
want="mirt==1.2.0 numpy pandas"
if [[ ! -f "$WORK/venv-mirt/.installed" || "$(cat "$WORK/venv-mirt/.installed")" != "$want" ]]; then
  rm -rf "$WORK/venv-mirt"
  "$PYTHON" -m venv "$WORK/venv-mirt"
  "$WORK/venv-mirt/bin/python" -m pip install --quiet --disable-pip-version-check $want
  echo "$want" > "$WORK/venv-mirt/.installed"
fi

BIN="${MENTORCERT_BIN:-$REPO/.build/release/mentorcert}"
if [[ ! -x "$BIN" && "$build" == 1 ]]; then
  (cd "$REPO" && swift build -c release --product mentorcert --static-swift-stdlib) >&2
fi
export MENTORCERT_BIN="$BIN"
exec "$WORK/venv-mirt/bin/python" "$HERE/scale.py" "${pass[@]+"${pass[@]}"}"
