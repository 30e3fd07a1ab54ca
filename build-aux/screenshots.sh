#!/usr/bin/env bash
# Regenerates screenshots/ from the real app under Xvfb: the window mid-FF1 and after FF2 (the
# savings panel) with a short network preset (build-aux/screenshots.ini), presentation mode in
# FF2, the context page, and the fixed controller in FF1.
# Usage: build-aux/screenshots.sh [BUILDDIR]   (default build; run build-aux/setup first)
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build}
app="$builddir/src/app/reachlab"
[ -x "$app" ] || { echo "screenshots.sh: $app not built (run build-aux/setup $builddir)" >&2; exit 2; }
export GSETTINGS_SCHEMA_DIR="$builddir/src/app" GSETTINGS_BACKEND=memory GTK_A11Y=none \
  NO_AT_BRIDGE=1 LC_ALL=C.UTF-8 GDK_DEBUG=default-settings
mkdir -p screenshots
small=build-aux/screenshots.ini  # growing up 1500, NF1 300, FF1 150, NF2 300, FF2 150 batches

shot() {  # shot NAME ARGS...: one picture of a 1280×800 window
  local name=$1
  shift
  # -s 0: no screen saver, which would blank the screen during a long run
  xvfb-run -a -s '-screen 0 1280x800x24 -s 0' "$app" --screenshot "screenshots/$name.png" "$@"
}

shot context --page context --after-batches 40 --reach 1 --step 60
shot window-ff1 --preset "$small" --after-batches $((1500 + 300 + 40)) --reach 1 --step 75
shot savings-ff2 --preset "$small" --after-batches $((1500 + 300 + 150 + 300 + 150)) --reach 1 --step 75
shot presentation --presentation --preset "$small" --after-batches $((1500 + 300 + 150 + 300 + 60)) \
  --reach 1 --step 75
shot controller-ff1 --after-batches 45 --reach 1 --step 60
ls -l screenshots/*.png
