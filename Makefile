# MentorCert: the README's two commands, `make demo` and `make test`, plus their building blocks.
# Works on a fresh Debian 12 machine with only Swift installed (system packages come from `make deps`).
#
#   make deps    install libopenblas-dev, liblapacke-dev, libsqlite3-dev, libglpk-dev and pkg-config with
#                apt-get when pkg-config or a header is missing (sudo only when not root)
#   make build   release build of the `mentorcert` executable
#   make demo    deps + build + the main job on the bundled bank (DEMO_STEPS below)
#   make test    deps + test-deps + browser + peer-tools + debug build and tests + release build and the studies tagged `recovery`
#   make test-deps  install tmux with apt-get when `command -v tmux` finds none (the test of the
#                candidate's interactive screens drives `exam take` in a real terminal through tmux)
#   make browser install Debian's chromium with apt-get when missing (the technical report's browser test)
#   make peer-tools  R's psych (apt) and Python's numpy, scipy, statsmodels, catsim, mirt (pip) for the
#                comparison tests; optional (a missing peer makes its test skip with a message)
#   make notebook-example  regenerate the committed example export notebooks-export/example (the bundled
#                bank, 500 SIMULATED candidates with a `region` group column and uniform DIF built into four
#                items, 200 simulated adaptive exams; the exact commands are in notebooks-export/README.md)
#   make notebook-deps  install the Python packages the test of `export notebook` runs the notebook with
#                (nbformat, nbclient, ipykernel, pandas, matplotlib) with pip when one is missing
#
# Variables: SWIFT (default `swift`), SWIFT_FLAGS (added to every swift build/test, e.g.
# `SWIFT_FLAGS="--scratch-path .build-other"`), BANK, STORE.

SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
.DEFAULT_GOAL := help

SWIFT ?= swift
SWIFT_FLAGS ?=
BANK ?= itembanks/mentorcert
STORE ?= mentorcert.sqlite

# System packages: CBLAS (OpenBLAS), LAPACKE, SQLite headers for GRDB, GLPK for the shadow test (no
# pkg-config file on Debian: glpk.h is looked for in /usr/include), and pkg-config to find the others.
APT_PACKAGES := libopenblas-dev liblapacke-dev libsqlite3-dev libglpk-dev pkg-config
HEADERS := cblas.h lapacke.h sqlite3.h glpk.h
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# The heavy recovery and replication studies carry the Swift Testing tag `recovery` together with the
# trait `.releaseStudy` (Tests/*/ReleaseStudies.swift), which enables them only when
# MENTORCERT_RELEASE_TESTS=1 (DECISIONS §10). The debug run therefore skips them (reported as skipped),
# and the release run sets the variable and selects exactly the tagged suites: Swift 6.3's `swift test`
# cannot filter by tag, so Tests/tagged-tests.sh turns the bundle's own test listing into a --filter.
RELEASE_TAG := recovery
TEST_BUNDLE := mentorcertPackageTests.xctest

# `mc ARGS…` runs one mentorcert command of the demo (release binary). A command that is not built
# yet says "not available yet" and exits 2: `mc` skips it with a message and prints nothing on stdout.
# Any other failure stops the demo with the command's exit status.
MC_FUNCTION = \
	bin="$$($(SWIFT) build -c release --show-bin-path $(SWIFT_FLAGS))/mentorcert"; \
	err="$$(mktemp)"; trap 'rm -f "$$err"' EXIT; \
	mc() { \
	  echo "==> mentorcert $$*" >&2; \
	  local status=0; \
	  "$$bin" "$$@" 2>"$$err" || status=$$?; \
	  cat "$$err" >&2; \
	  if [ $$status -eq 2 ] && grep -q "not available yet" "$$err"; then \
	    echo "    (skipped: not available yet)" >&2; return 0; \
	  fi; \
	  if [ $$status -ne 0 ]; then echo "demo: 'mentorcert $$*' failed with exit status $$status" >&2; exit $$status; fi; \
	}

# The value of "KEY": "VALUE" in JSON on stdin (the ids the demo passes from one step to the next).
json_field = sed -n 's/.*"$(1)" *: *"\([^"]*\)".*/\1/p' | head -n 1

.PHONY: help deps test-deps browser peer-tools notebook-deps notebook-example build demo test

help:
	@echo "make demo   install system packages if needed, build mentorcert (release), run the demo on $(BANK)"
	@echo "make test   install system packages if needed, build and run every test (debug), then the"
	@echo "            release build and the heavy studies tagged '$(RELEASE_TAG)' (MENTORCERT_RELEASE_TESTS=1)"
	@echo "make deps   only the system packages;  make build   only the release build"
	@echo "make browser  only chromium (for the technical report's browser test)"
	@echo "make peer-tools  R psych and Python statsmodels/catsim/mirt for the comparison tests (optional)"

deps:
	@missing() { \
	  command -v pkg-config >/dev/null 2>&1 || return 0; \
	  pkg-config --exists openblas lapacke || return 0; \
	  local dirs="$$(pkg-config --cflags-only-I openblas lapacke | sed 's/-I//g') /usr/include"; \
	  for h in $(HEADERS); do \
	    local found=no; \
	    for d in $$dirs; do if [ -f "$$d/$$h" ]; then found=yes; fi; done; \
	    if [ $$found = no ]; then return 0; fi; \
	  done; \
	  return 1; \
	}; \
	if missing; then \
	  echo "deps: installing $(APT_PACKAGES)"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(APT_PACKAGES); \
	  if missing; then echo "deps: $(HEADERS) or the pkg-config files of openblas/lapacke are still missing" >&2; exit 1; fi; \
	else \
	  echo "deps: OpenBLAS, LAPACKE, SQLite and GLPK headers present"; \
	fi

# tmux is a program, not a library: looked for on PATH, not by pkg-config.
test-deps:
	@if command -v tmux >/dev/null 2>&1; then \
	  echo "test-deps: tmux present"; \
	else \
	  echo "test-deps: installing tmux"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends tmux; \
	  command -v tmux >/dev/null 2>&1 || { echo "test-deps: tmux is still missing" >&2; exit 1; }; \
	fi

# Headless Chromium for the test that renders the technical report (issue 18). Optional for the build;
# the test skips with a message when no chromium can be found.
browser:
	@if command -v chromium >/dev/null 2>&1; then \
	  echo "browser: chromium present"; \
	else \
	  echo "browser: installing chromium"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium \
	    || echo "browser: chromium could not be installed; the report's browser test will be skipped" >&2; \
	fi

# The peer tools some tests compare with (R's psych; Python's statsmodels, catsim and mirt). Optional:
# a test whose peer is missing skips with a message naming it, so a failed install only warns.
R_PACKAGES := r-base-core r-cran-psych
PYTHON_PACKAGES := numpy scipy statsmodels catsim mirt
peer-tools:
	@if command -v Rscript >/dev/null 2>&1 && Rscript -e 'library(psych)' >/dev/null 2>&1; then \
	  echo "peer-tools: R with psych present"; \
	else \
	  echo "peer-tools: installing $(R_PACKAGES)"; \
	  $(SUDO) apt-get update; \
	  $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $(R_PACKAGES) \
	    || echo "peer-tools: R could not be installed; the psych comparisons will be skipped" >&2; \
	fi
	@if ! command -v python3 >/dev/null 2>&1; then \
	  echo "peer-tools: no python3; the Python comparisons will be skipped" >&2; \
	elif python3 -c "import numpy, scipy, statsmodels, catsim, mirt" >/dev/null 2>&1; then \
	  echo "peer-tools: Python packages present"; \
	else \
	  python3 -m pip --version >/dev/null 2>&1 || { $(SUDO) apt-get update; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip || true; }; \
	  for p in $(PYTHON_PACKAGES); do \
	    python3 -m pip install --quiet --user $$p >/dev/null 2>&1 \
	      || python3 -m pip install --quiet --user --break-system-packages $$p >/dev/null 2>&1 \
	      || echo "peer-tools: pip could not install $$p; tests comparing with it will be skipped" >&2; \
	  done; \
	fi

# The test of `export notebook` validates the notebook against the nbformat schema and executes it in a
# real Jupyter kernel (nbclient); it needs python3 (it skips, saying so, only when python3 is absent).
NOTEBOOK_PYTHON_PACKAGES := nbformat nbclient ipykernel pandas matplotlib
notebook-deps:
	@if ! command -v python3 >/dev/null 2>&1; then \
	  echo "notebook-deps: no python3; the notebook execution test will be skipped"; \
	elif python3 -c "import nbclient, nbformat, pandas, matplotlib, ipykernel" >/dev/null 2>&1; then \
	  echo "notebook-deps: nbformat, nbclient, ipykernel, pandas, matplotlib present"; \
	else \
	  echo "notebook-deps: installing $(NOTEBOOK_PYTHON_PACKAGES)"; \
	  python3 -m pip --version >/dev/null 2>&1 || { $(SUDO) apt-get update; \
	    $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends python3-pip; }; \
	  python3 -m pip install --quiet --user $(NOTEBOOK_PYTHON_PACKAGES) \
	    || python3 -m pip install --quiet --user --break-system-packages $(NOTEBOOK_PYTHON_PACKAGES); \
	fi

# The Swift runtime and Foundation are linked statically into the executable (one loader pass over 25
# shared objects instead of 40: ≈ 6 ms less start-up per command, Benchmarks/README.md "Start-up").
build: deps
	$(SWIFT) build -c release --product mentorcert --static-swift-stdlib $(SWIFT_FLAGS)

# The committed example of `export notebook` (notebooks-export/README.md quotes these two commands).
EXAMPLE_RESPONSES := notebooks-export/example-responses.csv
notebook-example: build
	@bin="$$($(SWIFT) build -c release --show-bin-path $(SWIFT_FLAGS))/mentorcert"; \
	"$$bin" responses simulate --bank itembanks/mentorcert --persons 500 --seed 19 --group region --group-values north,south \
	  --dif-item S1-005 --dif-item S3-011 --dif-item S6-033 --dif-item S4-045 --dif-shift 1 --out $(EXAMPLE_RESPONSES); \
	"$$bin" export notebook --bank itembanks/mentorcert --responses $(EXAMPLE_RESPONSES) --group region --focal south \
	  --simulate 200 --seed 19 --out notebooks-export/example --force; \
	rm -f $(EXAMPLE_RESPONSES)

# The demo on the bundled bank, one mentorcert command per line; add the next capability (calibrate,
# score, exam simulate, reliability, report …) as one more `mc` line, passing ids with json_field.
demo: build
	@$(MC_FUNCTION); \
	mc bank validate $(BANK); \
	imported="$$(mc bank import $(BANK) --store $(STORE) --format json)"; echo "$$imported"; \
	version="$$(echo "$$imported" | $(call json_field,versionId))"; \
	if [ -z "$$version" ]; then echo "demo: bank import printed no versionId" >&2; exit 1; fi; \
	mc bank stats "$$version" --store $(STORE); \
	mc responses simulate --bank $(BANK) --persons 2000 --seed 7 --out demo-responses.csv; \
	mc calibrate demo-responses.csv --bank "$$version" --fixed-operational --store $(STORE) --out demo-calibration.json --format json; \
	mc score demo-responses.csv --params demo-calibration.json --method wle --out demo-scores.csv --format csv; \
	head -n 6 demo-scores.csv; \
	mc reliability demo-responses.csv --bank "$$version" --store $(STORE) --simulate 500 --seed 13; \
	exposure="$$(mc exam calibrate-exposure --bank "$$version" --store $(STORE) --seed 11 --format json)"; echo "$$exposure"; \
	controlled="$$(echo "$$exposure" | $(call json_field,bankVersionId))"; \
	if [ -z "$$controlled" ]; then echo "demo: exam calibrate-exposure printed no bankVersionId" >&2; exit 1; fi; \
	mc exam simulate --bank "$$controlled" --store $(STORE) --examinees 1000 --seed 12; \
	mc exam simulate --bank "$$controlled" --store $(STORE) --assessment entry --theta examples/candidates/demo-theta-entry.csv --seed 13 --record --format json --out demo-recorded-entry.json; \
	mc exam simulate --bank "$$controlled" --store $(STORE) --assessment final --theta examples/candidates/demo-theta-final.csv --seed 14 --record --format json --out demo-recorded-simulation.json; \
	mc candidate import examples/candidates/demo-candidates.csv --store $(STORE); \
	mc candidate list --store $(STORE); \
	mc candidate show sim-13-1 --store $(STORE) --plot demo-progression.svg; \
	mc cohort report --bank "$$controlled" --store $(STORE) --cohort programme=demo-2026 --out demo-cohort --force; \
	printf 'A\n%.0s' $$(seq 120) | mc exam take --bank "$$controlled" --candidate demo-candidate --store $(STORE) --new-attempt; \
	mc exam list --store $(STORE) --candidate demo-candidate; \
	mc standards bookmark --bank "$$version" --store $(STORE) --rp 0.67 --booklet-out demo-booklet.csv --placements examples/standard-setting/bookmark-placements.csv; \
	mc standards hofstee examples/standard-setting/hofstee-judgements.csv --responses demo-responses.csv --bank "$$version" --store $(STORE); \
	mc standards angoff examples/standard-setting/angoff-ratings.csv --bank "$$version" --store $(STORE) --write; \
	mc standards angoff examples/standard-setting/angoff-ratings.csv --bank "$$version" --store $(STORE) --format json --out demo-standard-setting.json --quiet; \
	mc report --bank "$$version" --store $(STORE) --responses demo-responses.csv --simulate 200 --seed 13 --standard-setting demo-standard-setting.json --out demo-report --force; \
	mc bank list --store $(STORE); \
	echo "demo: done (store: $(STORE); SIMULATED responses demo-responses.csv; calibration demo-calibration.json; WLE scores demo-scores.csv; reliability and classification at the cuts; adaptive exam simulated on the exposure-controlled version, 5 simulated candidates recorded as sessions, their attributes imported (examples/candidates), one candidate's record with its progression plot demo-progression.svg and the cohort report demo-cohort/; one scripted candidate sat it with exam take; cut scores from the example panel files in examples/standard-setting, the Angoff cuts stored as a new bank version; ordered item booklet demo-booklet.csv; technical report in demo-report/)"

test: deps test-deps browser peer-tools notebook-deps
	$(SWIFT) build --build-tests $(SWIFT_FLAGS)
	env -u MENTORCERT_RELEASE_TESTS $(SWIFT) test $(SWIFT_FLAGS)
	@# `swift test list` builds the release tests with exactly the parameters of the run below.
	$(SWIFT) test -c release list $(SWIFT_FLAGS) >/dev/null
	filter="$$(Tests/tagged-tests.sh "$$($(SWIFT) build -c release --show-bin-path $(SWIFT_FLAGS))/$(TEST_BUNDLE)" $(RELEASE_TAG))"; \
	MENTORCERT_RELEASE_TESTS=1 $(SWIFT) test -c release --filter "$$filter" $(SWIFT_FLAGS)
