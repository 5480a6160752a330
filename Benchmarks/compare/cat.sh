#!/usr/bin/env bash
# MentorCert's adaptive engine vs catsim 0.21.0 and adaptivetesting 1.2.1 on the same seeded 500-item 3PL
# bank, the same true θ and the same rules (maximum information, stop at SE ≤ 0.3 or 30 items), in one
# run (issue 16, "Speed"). One command from a fresh clone:
#
#   Benchmarks/compare/cat.sh [--no-build] [cat_compare.py options...]
#
#   --no-build   do not build .build/release/mentorcert when it is missing (ours is then left out)
#   anything else is passed to cat_compare.py: --examinees N (default 1000), --catsim-examinees N,
#   --adaptivetesting-examinees N (default 20), --reps N (runs of ours, default 3), --seed N,
#   --tools ours,catsim,adaptivetesting; see `cat_compare.py --help`.
#
# Creates Benchmarks/compare/.work/venv-catsim (catsim==0.21.0) and .work/venv-adaptivetesting
# (adaptivetesting==1.2.1, which needs Python ≥ 3.13: it imports warnings.deprecated although it declares
# ≥ 3.12) when missing. The Python for adaptivetesting is $ADAPTIVETESTING_PYTHON, else the first of
# python3.14, python3.13 on PATH or in pyenv; without one, adaptivetesting is left out and the summary
# says so. Writes .work/results/<timestamp>/cat-summary.md (and stdout). About 3–5 minutes.
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
    -h|--help) sed -n '2,17p' "$0"; exec "$PYTHON" "$HERE/cat_compare.py" --help ;;
    *) pass+=("$arg") ;;
  esac
done

mkdir -p "$WORK"

# make_venv NAME PYTHON PACKAGES... : create .work/venv-NAME with PYTHON and the pinned packages unless present.
make_venv() {
  local name="$1" python="$2"; shift 2
  local venv="$WORK/venv-$name" stamp="$WORK/venv-$name/.installed"
  local want="$* ($("$python" -c 'import sys; print(sys.version.split()[0])'))"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  echo "# creating $venv: $want" >&2
  rm -rf "$venv"
  "$python" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  echo "$want" > "$stamp"
}

# A Python ≥ 3.13 for adaptivetesting 1.2.1.
find_python313() {
  local c
  if [[ -n "${ADAPTIVETESTING_PYTHON:-}" ]]; then echo "$ADAPTIVETESTING_PYTHON"; return 0; fi
  for c in python3.14 python3.13; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 13))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  if command -v pyenv >/dev/null 2>&1; then
    for c in "$(pyenv root)"/versions/3.1[3-9]*/bin/python3; do
      if [[ -x "$c" ]]; then echo "$c"; return 0; fi
    done
  fi
  return 1
}

make_venv catsim "$PYTHON" "catsim==0.21.0"
if AT_PYTHON="$(find_python313)"; then
  make_venv adaptivetesting "$AT_PYTHON" "adaptivetesting==1.2.1"
else
  echo "# no Python ≥ 3.13 found (set ADAPTIVETESTING_PYTHON): adaptivetesting 1.2.1 is left out" >&2
  rm -rf "$WORK/venv-adaptivetesting"
fi

BIN="${MENTORCERT_BIN:-$REPO/.build/release/mentorcert}"
if [[ ! -x "$BIN" && "$build" == 1 ]]; then
  echo "# building $BIN (swift build -c release --product mentorcert --static-swift-stdlib)" >&2
  (cd "$REPO" && swift build -c release --product mentorcert --static-swift-stdlib) >&2 || echo "# build failed: ours is left out" >&2
fi
export MENTORCERT_BIN="$BIN"

exec "$PYTHON" "$HERE/cat_compare.py" "${pass[@]+"${pass[@]}"}"
