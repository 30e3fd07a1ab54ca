#!/bin/sh
# German complete and loaded from the build tree (issue 18 item 10).
# 1. Every translatable string of po/POTFILES.in has a German translation: the catalogue is
#    extracted afresh (xgettext, the keywords of meson's glib preset) and msgcmp fails on any
#    message that po/de.po lacks, leaves empty or marks fuzzy.
# 2. The app run from the build tree (as under `meson devenv`) speaks German: a de_DE.UTF-8 locale
#    is compiled into a temporary LOCPATH (the machine may have none), and `reachlab --help`
#    must show the German text of an option. Skipped (77) only if localedef cannot build it.
# Usage: test_german.sh SOURCE_ROOT REACHLAB_BINARY
set -eu
src=$1
app=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
xgettext --files-from="$src/po/POTFILES.in" --directory="$src" --from-code=UTF-8 \
  --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 --keyword=g_dngettext:2,3 \
  -o "$tmp/reachlab.pot"
total=$(msgattrib --no-wrap "$tmp/reachlab.pot" | grep -c '^msgid "[^"]' || true)
echo "catalogue: $total messages extracted from po/POTFILES.in"
msgfmt --check --statistics -o /dev/null "$src/po/de.po" 2>&1 | sed 's/^/de.po: /'
if ! msgcmp "$src/po/de.po" "$tmp/reachlab.pot" 2>"$tmp/msgcmp.txt"; then
  echo "FAIL: messages without a German translation (msgcmp de.po reachlab.pot):"
  grep -c "used but not defined" "$tmp/msgcmp.txt" | sed 's/^/  count: /'
  head -20 "$tmp/msgcmp.txt"
  exit 1
fi
echo "ok: every one of the $total messages has a German translation"

if ! localedef -i de_DE -f UTF-8 "$tmp/de_DE.UTF-8" >/dev/null 2>&1; then
  echo "skip: localedef could not build de_DE.UTF-8"
  exit 77
fi
out=$(LOCPATH="$tmp" LC_ALL=de_DE.UTF-8 LANGUAGE= "$app" --help 2>&1 || true)
want="Im Präsentationsmodus starten"
if printf '%s\n' "$out" | grep -q "$want"; then
  echo "ok: reachlab --help from the build tree in German: “$want”"
else
  echo "FAIL: reachlab --help is not German (looked for “$want”):"
  printf '%s\n' "$out" | head -20
  exit 1
fi
