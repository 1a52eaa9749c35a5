#!/usr/bin/env bash
# The GitHub Action's step: lint the article files a push or pull request added or changed.
# Inputs come from the environment: WIRELINT_PATHS (explicit paths, space separated),
# WIRELINT_BASE (git ref to diff against), WIRELINT_ARGS (extra flags), WIRELINT_SARIF
# (also write a SARIF report there).
# File names are read NUL-separated and unquoted (-z, core.quotepath=off): git would
# otherwise print "caf\303\251.txt" in quotes for a non-ASCII name and the file would be
# taken as missing. Names with spaces or newlines survive the same way.
set -euo pipefail

paths=()
if [ -n "${WIRELINT_PATHS:-}" ]; then
  read -r -a paths <<< "$WIRELINT_PATHS"
else
  base="${WIRELINT_BASE:-}"
  if [ -z "$base" ] || ! git rev-parse -q --verify "${base}^{commit}" > /dev/null; then
    echo "wirelint: no base commit to compare with; checking every tracked article file"
    mapfile -d '' -t paths < <(git -c core.quotepath=off ls-files -z -- '*.txt' '*.md')
  else
    mapfile -d '' -t paths < <(git -c core.quotepath=off diff -z --name-only --diff-filter=AMR "$base" HEAD -- '*.txt' '*.md')
  fi
fi
if [ "${#paths[@]}" -eq 0 ]; then
  echo "wirelint: no article files to check"
  exit 0
fi

read -r -a extra <<< "${WIRELINT_ARGS:-}"
status=0
if [ -n "${WIRELINT_SARIF:-}" ]; then
  wirelint check --quiet --format sarif --output-file "$WIRELINT_SARIF" "${extra[@]}" -- "${paths[@]}" || status=$?
fi
wirelint check --format github "${extra[@]}" -- "${paths[@]}" || status=$?
exit "$status"
