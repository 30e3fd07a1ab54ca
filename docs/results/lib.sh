# Shared by the collect scripts of docs/results (sourced, not run).

# link_finished SRC DST [MAX]: link SRC's finished network files (no .lock beside them: a worker is
# still training those) into DST, at most MAX of them (default all); prints how many.
link_finished() {
  local n=0 f max=${3:-1000000}
  mkdir -p "$2"
  for f in "$1"/network-*.h5; do
    [ -e "$f" ] || continue
    [ -e "$f.lock" ] && continue
    [ "$n" -ge "$max" ] && break
    ln -s "$(readlink -f "$f")" "$2/$(basename "$f")"
    n=$((n + 1))
  done
  echo "$n"
}
