#!/usr/bin/env bash
# Rasch 10,000 × 50: our score-group E-step vs our pattern E-step, girth rasch_mml and mirt 1PL, in
# process and as whole processes, with the differences between the estimates. See rasch.py.
#
#   Benchmarks/compare/rasch.sh [--reps N] [--se] [--persons N --items J] [--no-build]
#
# The virtual environments are those of run.sh (created by it when missing).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"

build=1
pass=()
for arg in "$@"; do
  case "$arg" in
    --no-build) build=0 ;;
    *) pass+=("$arg") ;;
  esac
done
BIN="${MENTORCERT_BIN:-$REPO/.build/release/mentorcert}"
if [[ ! -x "$BIN" && "$build" == 1 ]]; then
  (cd "$REPO" && swift build -c release --product mentorcert --static-swift-stdlib) >&2
fi
export MENTORCERT_BIN="$BIN"
# run.sh creates the pinned venvs (mirt 1.2.0, girth 0.8.0) and stops at the plan.
"$HERE/run.sh" --no-build --dry-run --datasets rasch-10000x50 > /dev/null
exec "$WORK/venv-mirt/bin/python" "$HERE/rasch.py" "${pass[@]+"${pass[@]}"}"
