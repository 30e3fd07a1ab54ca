#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
# The core's layers point one way (docs/architecture.md). Every `#include "..."` under src/core
# must name a file of the same layer or of a lower one; src/app and src/cli may include the
# core's public headers, never a private one. Prints what it checked and every arrow that
# points up, as FILE:LINE: includes PATH (layer -> higher layer), and fails if there is one.
import os
import re
import sys

# Lowest first. Keep in step with docs/architecture.md.
LAYERS = ["base", "io", "context", "plant", "env", "net", "task", "analysis", "learn", "study"]
# reach.h is the one public header: it stands above every layer.
TOP = {"reach.h"}
# Headers that only their own module may include.
PRIVATE = {"io/h5_internal.h", "plant/muscle.h", "plant/skeleton.h", "plant/arm_isa.h",
           "plant/sincos.h", "net/gru_real.h", "net/gemm_kernel.h", "study/savings_internal.h",
           "task/protocol.h"}

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)"')


def layer_of(rel):
    top = rel.split("/", 1)[0]
    return LAYERS.index(top) if top in LAYERS else None


def selftest():
    # The check must be able to fail: a tree with one upward arrow and one private include.
    import tempfile
    with tempfile.TemporaryDirectory() as t:
        for rel, text in {"src/core/base/a.h": '#include "../study/b.h"\n',
                          "src/core/study/b.h": '#include "../base/a.h"\n',
                          "src/cli/c.c": '#include "study/savings_internal.h"\n',
                          "src/core/study/savings_internal.h": ""}.items():
            os.makedirs(os.path.dirname(os.path.join(t, rel)), exist_ok=True)
            with open(os.path.join(t, rel), "w", encoding="utf-8") as f:
                f.write(text)
        sys.argv[1:] = [t]
        status = main()
    print(f"self-test: the planted tree {'fails' if status == 1 else 'PASSES (wrong)'}")
    return 0 if status == 1 else 1


def main():
    if len(sys.argv) == 2 and sys.argv[1] == "--selftest":
        return selftest()
    if len(sys.argv) != 2:
        print("usage: check_layers.py SOURCE_ROOT", file=sys.stderr)
        return 2
    root = sys.argv[1]
    core = os.path.join(root, "src", "core")
    bad = []
    arrows = files = 0
    for d, _, names in sorted(os.walk(core)):
        for name in sorted(names):
            if not name.endswith((".c", ".h")):
                continue
            path = os.path.join(d, name)
            rel = os.path.relpath(path, core).replace(os.sep, "/")
            files += 1
            if rel in TOP:
                continue
            here = layer_of(rel)
            if here is None:
                bad.append(f"src/core/{rel}: in no layer (expected a folder among {', '.join(LAYERS)})")
                continue
            with open(path, encoding="utf-8") as f:
                for lineno, line in enumerate(f, 1):
                    m = INCLUDE.match(line)
                    if not m:
                        continue
                    target = os.path.normpath(os.path.join(os.path.dirname(rel), m.group(1)))
                    target = target.replace(os.sep, "/")
                    if not os.path.exists(os.path.join(core, target)):
                        continue  # a generated or system-side header; not an arrow between layers
                    arrows += 1
                    there = layer_of(target)
                    if there is None or there > here:
                        bad.append(f"src/core/{rel}:{lineno}: includes {target} "
                                   f"({LAYERS[here]} -> {target.split('/')[0]}: points up)")
    outside = 0
    for part in ("app", "cli"):
        for d, _, names in sorted(os.walk(os.path.join(root, "src", part))):
            for name in sorted(names):
                if not name.endswith((".c", ".h")):
                    continue
                path = os.path.join(d, name)
                with open(path, encoding="utf-8") as f:
                    for lineno, line in enumerate(f, 1):
                        m = INCLUDE.match(line)
                        if m and os.path.exists(os.path.join(core, m.group(1))):
                            outside += 1
                            if m.group(1) in PRIVATE:
                                bad.append(f"{os.path.relpath(path, root)}:{lineno}: includes the "
                                           f"private header {m.group(1)} (expected reach.h or a "
                                           f"module's public header)")
    print(f"layers, lowest first: {' < '.join(LAYERS)}")
    print(f"{files} core files, {arrows} include arrows between core files; "
          f"{outside} includes of core headers from src/app and src/cli")
    for b in bad:
        print(b)
    print(f"{len(bad)} arrow(s) against the order" if bad else "no arrow points up")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
