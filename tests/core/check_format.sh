#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# The tree is formatted as .clang-format says (issue 15): every .c and .h under src/, tests/ and
# bench/. First a check that the check can fail (a badly formatted snippet must be reported).
#   check_format.sh SOURCE_ROOT
set -u
root=$1
cf=$(command -v clang-format-14 || command -v clang-format) || {
  echo "clang-format not installed (build-aux/setup installs it): skipped"; exit 77; }
cd "$root" || exit 1
if printf 'int  f( int a ){return a;}\n' | "$cf" --dry-run --Werror --assume-filename=src/x.c \
     >/dev/null 2>&1; then
  echo "  FAIL the check cannot fail: a badly formatted snippet passed $cf"; exit 1
fi
echo "  ok   a badly formatted snippet is reported ($("$cf" --version | head -n1))"
mapfile -t files < <(find src tests bench -name '*.[ch]' -type f | sort)
bad=()
for f in "${files[@]}"; do
  "$cf" --dry-run --Werror "$f" >/dev/null 2>&1 || bad+=("$f")
done
if [ ${#bad[@]} -gt 0 ]; then
  printf '  FAIL not formatted (run: clang-format -i FILE): %s\n' "${bad[@]}"
  echo "format: ${#bad[@]} of ${#files[@]} files differ from .clang-format"
  exit 1
fi
echo "  ok   ${#files[@]} files under src/, tests/ and bench/ as .clang-format says"
