#!/usr/bin/env bash
# MentorCert vs mirt (Python, Rust back-end) and girth on the same seeded data. One command from a
# fresh clone:
#
#   Benchmarks/compare/run.sh [--quick] [--no-build] [compare.py options...]
#
#   --quick      only 2PL 10,000 × 50 with all tools (CI smoke, ≈ 1 min once the venvs exist)
#   --no-build   do not build .build/release/mentorcert when it is missing (ours is then "not available")
#   anything else is passed to compare.py (--reps N, --timeout S, --tools ours,mirt,girth,
#   --datasets 2pl-10000x50,..., --seed N); see `compare.py --help`.
#
# Creates Benchmarks/compare/.work/venv-mirt (mirt==1.2.0) and .work/venv-girth (girth==0.8.0 with
# numpy < 2, which its 3PL needs) when missing, generates the data under .work/data, and writes the
# table to .work/results/<timestamp>/summary.md (and stdout). Full run: under 30 minutes on 2 cores.
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
    -h|--help) sed -n '2,13p' "$0"; exec "$WORK/venv-mirt/bin/python" "$HERE/compare.py" --help 2>/dev/null || exit 0 ;;
    *) pass+=("$arg") ;;
  esac
done

mkdir -p "$WORK"

# make_venv NAME PACKAGES... : create .work/venv-NAME and install the pinned packages unless present.
make_venv() {
  local name="$1"; shift
  local venv="$WORK/venv-$name" stamp="$WORK/venv-$name/.installed"
  local want="$*"
  if [[ -f "$stamp" && "$(cat "$stamp")" == "$want" ]]; then return 0; fi
  echo "# creating $venv: $want" >&2
  rm -rf "$venv"
  "$PYTHON" -m venv "$venv"
  "$venv/bin/python" -m pip install --quiet --disable-pip-version-check "$@"
  echo "$want" > "$stamp"
}

make_venv mirt "mirt==1.2.0" "numpy" "pandas"
make_venv girth "girth==0.8.0" "numpy<2" "scipy<1.14" "pandas<2.3"

BIN="${MENTORCERT_BIN:-$REPO/.build/release/mentorcert}"
if [[ ! -x "$BIN" && "$build" == 1 ]]; then
  echo "# building $BIN (swift build -c release --product mentorcert --static-swift-stdlib)" >&2
  (cd "$REPO" && swift build -c release --product mentorcert --static-swift-stdlib) >&2 || echo "# build failed: ours will be reported as not available" >&2
fi
export MENTORCERT_BIN="$BIN"

exec "$WORK/venv-mirt/bin/python" "$HERE/compare.py" "${pass[@]+"${pass[@]}"}"
