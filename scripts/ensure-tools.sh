#!/usr/bin/env bash
# Installs the real programs the environments and tests use when they are missing: Stockfish (chess),
# sysbench (OS tuning) and Chromium (the HTML report's browser test); with arguments, only those named
# (the demo needs only stockfish). Never fails the caller: a part that cannot be installed is skipped later
# with a hint. Stockfish is found as the CLI finds it: $SPECAGENT_STOCKFISH, else /usr/games/stockfish, else
# on PATH. Each package is installed on its own, so one that the distribution lacks (or that fails) does not
# keep the others out. Usage: scripts/ensure-tools.sh [stockfish] [sysbench] [chromium]
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -u
wanted=("$@")
[ ${#wanted[@]} -gt 0 ] || wanted=(stockfish sysbench chromium)
missing=()
for tool in "${wanted[@]}"; do
  case $tool in
    stockfish)
      # (a blank one is no setting, as for the CLI: EnginePool)
      if [[ ${SPECAGENT_STOCKFISH:-} == *[![:space:]]* ]]; then
        # the CLI uses this path and no other, so installing the package would not help
        [ -f "$SPECAGENT_STOCKFISH" ] && [ -x "$SPECAGENT_STOCKFISH" ] \
          || echo "SPECAGENT_STOCKFISH=$SPECAGENT_STOCKFISH is not an executable file: point it at Stockfish or unset it; what needs Stockfish (the demo's live chess game) is skipped" >&2
      else
        [ -x /usr/games/stockfish ] || command -v stockfish >/dev/null 2>&1 || missing+=(stockfish)
      fi ;;
    sysbench) command -v sysbench >/dev/null 2>&1 || missing+=(sysbench) ;;
    chromium)
      if [ "${SPECAGENT_SKIP_BROWSER:-}" != 1 ]; then command -v chromium >/dev/null 2>&1 || missing+=(chromium); fi ;;
    *) echo "scripts/ensure-tools.sh: unknown tool '$tool' (known: stockfish, sysbench, chromium)" >&2; exit 2 ;;
  esac
done
[ ${#missing[@]} -eq 0 ] && exit 0
hint="the parts that need them are skipped (Stockfish elsewhere: set SPECAGENT_STOCKFISH to its path)"
if ! command -v apt-get >/dev/null 2>&1; then
  echo "missing ${missing[*]}: install them with your package manager; $hint" >&2
  exit 0
fi
if [ "$(id -u)" -ne 0 ]; then
  echo "missing ${missing[*]}: install them with 'sudo apt-get install ${missing[*]}' (as root); $hint" >&2
  exit 0
fi
echo "installing ${missing[*]} (Debian packages)..." >&2
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq >"$log" 2>&1 || true   # a failed update leaves the old lists, which may still do
failed=()
for p in "${missing[@]}"; do
  apt-get install -y -qq "$p" >>"$log" 2>&1 || failed+=("$p")
done
if [ ${#failed[@]} -gt 0 ]; then
  reason=$(grep -E '^(E|W|Err):' "$log" | tail -n 1)
  echo "could not install ${failed[*]}${reason:+ (apt-get said: $reason)}; install them with 'apt-get install ${failed[*]}' once the package lists are reachable; $hint" >&2
fi
exit 0
