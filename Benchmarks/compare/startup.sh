#!/usr/bin/env bash
# Start-up and fixed cost of mentorcert (`--help`, the dynamic loader, 2PL 10,000 × 50 whole process vs
# in-process). See startup.py.
#
#   Benchmarks/compare/startup.sh [--reps N] [--binary LABEL=PATH ...]
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
WORK="$HERE/.work"
# run.sh creates the pinned venvs (numpy for the data generator) and stops at the plan.
"$HERE/run.sh" --no-build --dry-run --datasets 2pl-10000x50 > /dev/null
exec "$WORK/venv-mirt/bin/python" "$HERE/startup.py" "$@"
