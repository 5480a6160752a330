#!/usr/bin/env bash
# Cronbach's alpha with Feldt's interval: MentorCert's `reliability` vs R's psych::alpha on the same
# seeded dichotomous data (issue 18, "Speed"), measured side by side in one run. One command from a
# fresh clone:
#
#   Benchmarks/compare/alpha.sh [--no-build] [--persons N] [--items J] [--reps R] [--seed S]
#
# Defaults: 100,000 persons × 100 items, 3 runs of each tool (the fastest is reported), seed 1.
# Needs Rscript with the psych package (Debian: apt install r-cran-psych) and python3 with numpy for the
# data; builds .build/release/mentorcert when missing (unless --no-build). Writes the data to
# .work/data/alpha-<N>x<J>.csv and the table to .work/results/<timestamp>/alpha-summary.md (and stdout).
#
# Two times per tool:
#   in-process     the analysis with the data already in memory: ours `--profile` (`profile: total S s`,
#                  DECISIONS §13), R's `system.time(psych::alpha(x))` elapsed;
#   whole-process  the wall time of the whole command (reading the CSV included).
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(cd "$HERE/../.." && pwd)"
WORK="$HERE/.work"
PYTHON="${PYTHON:-python3}"

build=1; persons=100000; items=100; reps=3; seed=1
while [[ $# -gt 0 ]]; do
  case "$1" in
    --no-build) build=0 ;;
    --persons) persons="$2"; shift ;;
    --items) items="$2"; shift ;;
    --reps) reps="$2"; shift ;;
    --seed) seed="$2"; shift ;;
    -h|--help) sed -n '2,17p' "$0"; exit 0 ;;
    *) echo "alpha.sh: unknown option $1" >&2; exit 64 ;;
  esac
  shift
done

command -v Rscript >/dev/null || { echo "alpha.sh: Rscript not found (apt install r-base-core r-cran-psych)" >&2; exit 1; }
Rscript -e 'quit(status = !requireNamespace("psych", quietly = TRUE))' \
  || { echo "alpha.sh: the R package psych is missing (apt install r-cran-psych)" >&2; exit 1; }

BIN="${MENTORCERT_BIN:-$REPO/.build/release/mentorcert}"
if [[ ! -x "$BIN" && "$build" == 1 ]]; then
  echo "# building $BIN (swift build -c release --product mentorcert --static-swift-stdlib)" >&2
  (cd "$REPO" && swift build -c release --product mentorcert --static-swift-stdlib) >&2
fi
[[ -x "$BIN" ]] || { echo "alpha.sh: $BIN is missing (build it, or drop --no-build)" >&2; exit 1; }

mkdir -p "$WORK/data"
DATA="$WORK/data/alpha-${persons}x${items}-seed${seed}.csv"
if [[ ! -f "$DATA" ]]; then
  echo "# generating $DATA (2PL, θ ~ N(0, 1), seed $seed)" >&2
  "$PYTHON" - "$DATA" "$persons" "$items" "$seed" <<'PY'
import sys
import numpy as np
path, n, j, seed = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), int(sys.argv[4])
rng = np.random.default_rng(seed)
theta = rng.standard_normal(n)
a = rng.uniform(0.8, 2.0, j)
b = np.linspace(-2, 2, j)
p = 1 / (1 + np.exp(-(np.outer(theta, a) - a * b)))
x = (rng.random((n, j)) < p).astype(np.uint8)
with open(path + ".tmp", "w") as f:
    f.write("person," + ",".join(f"I{k + 1:03d}" for k in range(j)) + "\n")
    lines = ["p%06d," % (i + 1) + ",".join(map(str, row)) for i, row in enumerate(x.tolist())]
    f.write("\n".join(lines) + "\n")
import os
os.replace(path + ".tmp", path)
PY
fi

now() { date +%s.%N; }
RESULTS="$WORK/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"

# Ours: in-process (--profile) and whole-process, the fastest of $reps runs each.
best_ours_in=""; best_ours_whole=""; ours_alpha=""
for ((r = 1; r <= reps; r++)); do
  t0=$(now)
  "$BIN" reliability "$DATA" --format json --quiet --profile >"$RESULTS/ours.json" 2>"$RESULTS/ours.err"
  t1=$(now)
  in=$(sed -n 's/^profile: total \([0-9.]*\) s$/\1/p' "$RESULTS/ours.err")
  whole=$(echo "$t1 - $t0" | bc -l)
  if [[ -z "$best_ours_whole" ]] || (( $(echo "$whole < $best_ours_whole" | bc -l) )); then best_ours_whole=$whole; fi
  if [[ -z "$best_ours_in" ]] || (( $(echo "$in < $best_ours_in" | bc -l) )); then best_ours_in=$in; fi
done
ours_alpha=$("$PYTHON" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["alpha"], d["alphaCI"]["lower"], d["alphaCI"]["upper"])' "$RESULTS/ours.json")

# R: psych::alpha in one Rscript per run; system.time inside, wall time outside.
cat >"$RESULTS/alpha.R" <<'R'
args <- commandArgs(trailingOnly = TRUE)
suppressMessages(library(psych))
x <- as.matrix(read.csv(args[1])[, -1])
t <- system.time(a <- psych::alpha(x, warnings = FALSE))
options(digits = 15)
cat("elapsed", t[["elapsed"]], "\n")
cat("alpha", a$total$raw_alpha, a$feldt$lower.ci[[1]], a$feldt$upper.ci[[1]], "\n")
R
best_r_in=""; best_r_whole=""; r_alpha=""
for ((r = 1; r <= reps; r++)); do
  t0=$(now)
  Rscript "$RESULTS/alpha.R" "$DATA" >"$RESULTS/r.out" 2>"$RESULTS/r.err"
  t1=$(now)
  in=$(sed -n 's/^elapsed \([0-9.]*\).*/\1/p' "$RESULTS/r.out")
  whole=$(echo "$t1 - $t0" | bc -l)
  if [[ -z "$best_r_in" ]] || (( $(echo "$in < $best_r_in" | bc -l) )); then best_r_in=$in; fi
  if [[ -z "$best_r_whole" ]] || (( $(echo "$whole < $best_r_whole" | bc -l) )); then best_r_whole=$whole; fi
  r_alpha=$(sed -n 's/^alpha \(.*\)/\1/p' "$RESULTS/r.out")
done

psych_version=$(Rscript -e 'cat(as.character(packageVersion("psych")))')
r_version=$(Rscript -e 'cat(R.version$major, R.version$minor, sep = ".")')
{
  echo "## Cronbach's alpha with Feldt's interval, ${persons} × ${items} (dichotomous), best of ${reps}"
  echo
  echo "| tool | in-process (s) | whole process (s) | alpha, Feldt 95 % interval |"
  echo "|---|---:|---:|---|"
  printf "| MentorCert \`reliability --profile\` | %.4f | %.2f | %s |\n" "$best_ours_in" "$best_ours_whole" "$ours_alpha"
  printf "| R %s psych %s \`psych::alpha\` | %.3f | %.2f | %s |\n" "$r_version" "$psych_version" "$best_r_in" "$best_r_whole" "$r_alpha"
  echo
  printf "Speed-up: %.0f× in-process, %.1f× whole process.\n" \
    "$(echo "$best_r_in / $best_ours_in" | bc -l)" "$(echo "$best_r_whole / $best_ours_whole" | bc -l)"
  echo
  echo "Command: \`Benchmarks/compare/alpha.sh --persons $persons --items $items --reps $reps --seed $seed\`"
} | tee "$RESULTS/alpha-summary.md"
