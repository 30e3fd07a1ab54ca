#!/usr/bin/env bash
# Regenerates screenshots/ from the real app under Xvfb: the bundled trained network as the app
# opens it (its savings curves complete, the savings said in words), the same network relearning
# from a phase's start (mid-FF1, mid-FF2, and presentation mode in FF2), presentation mode full
# screen at 1920×1080 and 1280×720, the context page, the tool study, and poking the network (the
# muscle traces beside the arm in all), and two of the reviewers' protocols on the bundled network.
# Usage: build-aux/screenshots.sh [BUILDDIR]   (default build; run build-aux/setup first)
set -euo pipefail
cd "$(dirname "$0")/.."
builddir=${1:-build}
app="$builddir/src/app/reachlab"
[ -x "$app" ] || { echo "screenshots.sh: $app not built (run build-aux/setup $builddir)" >&2; exit 2; }
export GSETTINGS_SCHEMA_DIR="$builddir/src/app" GSETTINGS_BACKEND=memory GTK_A11Y=none \
  NO_AT_BRIDGE=1 LC_ALL=C.UTF-8 GDK_DEBUG=default-settings
mkdir -p screenshots
bundle=data/networks/demo/network.h5  # phases of 600/300/600/300 batches; run restarts them

shot_on() {  # shot_on SCREEN NAME ARGS...: one picture of the window on a SCREEN (WxH) display
  local screen=$1 name=$2
  shift 2
  # -s 0: no screen saver, which would blank the screen during a long run
  xvfb-run -a -s "-screen 0 ${screen}x24 -s 0" "$app" --screenshot "screenshots/$name.png" "$@"
}
shot() { shot_on 1280x800 "$@"; }  # shot NAME ARGS...: one picture of a 1280×800 window

shot context --page context --after-batches 40 --reach 1 --step 60
shot savings-ff2 --reach 1 --step 75
# the network relearning live from a phase's start (Start from; the finished run faded beneath):
# mid-FF1, mid-FF2, and FF2 in presentation mode
shot window-ff1 --start-from ff1 --after-batches 60 --reach 1 --step 75
shot replay-ff2 --start-from ff2 --after-batches 150 --reach 1 --step 75
shot presentation --presentation --start-from ff2 --after-batches 60 --reach 1 --step 75
# presentation mode fills the screen, its text in proportion: a projector's 1920×1080 and
# 1280×720 (the bundled network as it opens, done)
shot_on 1920x1080 presentation-1080 --presentation --reach 1 --step 75
shot_on 1280x720 presentation-720 --presentation --reach 1 --step 75
# poking the bundled network (issue 18): a click 10 cm right and 4 cm down of the start, the
# reach, then a 6 N push up and to the left, 0.1 s into it; the muscle traces beside the arm
shot poke --poke 10,-4 --push -6,6
shot_on 1920x1080 poke-presentation-1080 --presentation --poke 10,-4 --push -6,6
# inside the bundled network: PCA trajectories, TDR rings, the uniform-shift push slider
shot neural --page network
# ... and during movement (the execution period: principal angles, the separation along the uniform
# shift from the go cue, how far the push moves the execution states)
shot neural-execution --page network/execution
# the tool study (Heald et al. 2018) mid-experiment: experiment 1, two control points, trial 620
# of 1112 (generalisation), the SSSM learning while the grown-up network reaches with the object
shot tool --experiment exp1-two --after-batches 620 --reach 0 --step 70
# another protocol on the bundled network's grown-up weights (issue 19): a few seconds into the
# reviewers' capacity-4 (nine phases, four cues), and a 30° visuomotor rotation met twice
shot protocol-capacity-4 --protocol data/presets/protocols/capacity-4.ini --after-batches 300 \
  --reach 1 --step 75
# rotation-savings with its phases shortened (null 60 batches, rotation 200), run to its end: the
# Learning page in the cursor's direction error (degrees), the two exposures from onset
tmp=$(mktemp -d)
sed -e 's/^batches = 10000$/batches = 60/' -e 's/^batches = 3200$/batches = 200/' \
  data/presets/protocols/rotation-savings.ini > "$tmp/rotation-savings.ini"
shot protocol-rotation --protocol "$tmp/rotation-savings.ini" --after-batches 520 --reach 1 \
  --step 75
rm -rf "$tmp"
# a preset with a mistake: the banner names the file, the line, the key and what was expected
# (issue 18: it showed half hidden under the header bar while it slid in)
printf '[network]\nunits = banana\n' > "${TMPDIR:-/tmp}/bad-preset.ini"
shot bad-preset --preset "${TMPDIR:-/tmp}/bad-preset.ini"
ls -l screenshots/*.png
