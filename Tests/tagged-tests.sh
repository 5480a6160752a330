#!/usr/bin/env bash
# Prints a `swift test --filter` regular expression selecting exactly the suites and tests that carry
# the Swift Testing tag TAG (e.g. `recovery`), read from the test bundle's own listing.
#
#   Tests/tagged-tests.sh BUNDLE TAG      BUNDLE: $(swift build --show-bin-path)/<package>PackageTests.xctest
#
# Swift 6.3's `swift test` cannot filter by tag (`--filter tag:recovery` matches nothing; there is no
# `--skip-tag`). Its test bundle can list every test as JSON records (`--list-tests
# --event-stream-output-path`), and with SWT_EXPERIMENTAL_EVENT_STREAM_FIELDS_ENABLED=1 each record
# carries the tags written on it (`"_tags":[".recovery"]`; put the tag on the suite: a suite's tests
# list only their own tags). This script turns the ids of the records
# tagged TAG into an alternation of escaped ids. It fails (exit 1) when no record carries TAG, so a
# change in that experimental field stops `make test` instead of silently running nothing.
set -euo pipefail
if [ $# -ne 2 ]; then echo "usage: $0 BUNDLE TAG" >&2; exit 2; fi
bundle=$1 tag=$2
if [ ! -x "$bundle" ]; then echo "$0: no test bundle at $bundle; build the tests first (swift build --build-tests)" >&2; exit 1; fi
listing="$(mktemp)"; trap 'rm -f "$listing"' EXIT
SWT_EXPERIMENTAL_EVENT_STREAM_FIELDS_ENABLED=1 "$bundle" --testing-library swift-testing --list-tests \
  --event-stream-output-path "$listing" --event-stream-version 0 >/dev/null
ids="$(grep -F '"_tags":[' "$listing" | grep -F "\".$tag\"" | sed -n 's/.*"id":"\([^"]*\)".*/\1/p' | sed 's|\\/|/|g' || true)"
if [ -z "$ids" ]; then
  echo "$0: no suite or test in $bundle carries the tag .$tag (did Swift Testing's listing change?)" >&2
  exit 1
fi
# Escape regex metacharacters, anchor each id (`^ID($|/)`: the suite or test and everything in it, not
# `IDMore`), then join them with `|`.
printf '%s\n' "$ids" | sed 's/[][\\.*^$()+?{}|]/\\&/g; s/.*/^&($|\/)/' | paste -sd '|' -
