# Sourced by the scripts that build before they run (./specagent, scripts/example.sh, scripts/bench.sh). Two builds at
# once in one clone write over each other's classes, and one fails with bogus compilation errors (two launchers
# started together, a loop of runs with &, two terminals after a pull): build_lock NAME takes the clone's build lock
# (target/build.lock) on file descriptor 9, saying so when it waits for another build. Close descriptor 9 (exec 9>&-)
# once built, before running anything long. Without flock (or a writable clone), no lock.
build_lock() {
  { mkdir -p "$ROOT/target" && exec 9>"$ROOT/target/build.lock"; } 2>/dev/null || return 0
  command -v flock >/dev/null 2>&1 || return 0
  flock -n 9 || { echo "$1: waiting for the build another command started in this clone..." >&2; flock 9; }
}
