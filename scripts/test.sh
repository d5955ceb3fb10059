#!/usr/bin/env bash
# Runs the whole test suite: checks that the shared data is there, installs the real tools the tests use,
# picks a JDK >= 21, runs Maven. Arguments go to Maven.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -euo pipefail
unset CDPATH # exported, it sends cd to a folder of the same name elsewhere and makes it print where it went
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd) # also through a symlink
# A blank SPECAGENT_DATA (empty or white space) is no setting, as for the CLI and the tests (DataDirectory).
case ${SPECAGENT_DATA:-} in *[![:space:]]*) ;; *) unset SPECAGENT_DATA ;; esac
# A leading ~ in SPECAGENT_DATA or -Dspecagent.data is the home folder, as for the CLI and the tests (DataDirectory):
# no shell expands it there (-Dspecagent.data=~/x, a quoted or an env file's SPECAGENT_DATA).
home_path() {
  local home=~
  case $1 in "~" | "~/"*) printf '%s\n' "$home${1#"~"}" ;; *) printf '%s\n' "$1" ;; esac
}
# A relative SPECAGENT_DATA or -Dspecagent.data names a folder seen from where the script was run; the tests run in
# the modules' folders, where it would name another (or none): made absolute before leaving.
if [ -n "${SPECAGENT_DATA:-}" ]; then SPECAGENT_DATA=$(home_path "$SPECAGENT_DATA"); fi
if [ -n "${SPECAGENT_DATA:-}" ] && [ -d "$SPECAGENT_DATA" ]; then
  SPECAGENT_DATA=$(cd -- "$SPECAGENT_DATA" && pwd)
  export SPECAGENT_DATA
fi
# A relative SPECAGENT_STOCKFISH names a file seen from here too (as the CLI reads it, EnginePool): made absolute for
# ensure-tools.sh, run in the clone, and the tests, run in the modules' folders.
case ${SPECAGENT_STOCKFISH:-/} in /*) ;; *[![:space:]]*) SPECAGENT_STOCKFISH=$PWD/$SPECAGENT_STOCKFISH ;; esac
args=()
for arg in "$@"; do
  case $arg in
    -Dspecagent.data=*)
      arg=-Dspecagent.data=$(home_path "${arg#*=}")
      [ ! -d "${arg#*=}" ] || arg=-Dspecagent.data=$(cd -- "${arg#*=}" && pwd) ;;
  esac
  args+=("$arg")
done
set -- ${args[@]+"${args[@]}"}
cd "$ROOT"
# The tests replay the shared data sets; without them, stop now rather than after the build with dozens of
# failures. Looked for where the tests look (DataDirectory): SPECAGENT_DATA, else ../shared/data or shared/data
# beside the clone or one of its parents.
has_data_sets() {
  [ -d "$1/chess" ] || [ -d "$1/dsp" ] || [ -d "$1/hotpotqa" ] || [ -d "$1/tau-bench" ]
}
data_dir() {
  if [ -n "${SPECAGENT_DATA:-}" ]; then
    if [ ! -d "$SPECAGENT_DATA" ]; then
      echo "scripts/test.sh: SPECAGENT_DATA=$SPECAGENT_DATA is not a directory; set it to the folder holding the shared data sets" >&2
      return 1
    fi
    # the 'shared' folder around the data folder, a likely slip: the tests would find none of the data sets
    if ! has_data_sets "$SPECAGENT_DATA" && has_data_sets "$SPECAGENT_DATA/data"; then
      echo "scripts/test.sh: SPECAGENT_DATA=$SPECAGENT_DATA holds the data sets in its folder 'data': set it to $SPECAGENT_DATA/data" >&2
      return 1
    fi
    return 0
  fi
  local d=$ROOT
  while :; do
    [ -d "$d/../shared/data" ] || [ -d "$d/shared/data" ] && return 0
    [ "$d" = / ] && break
    d=$(dirname "$d")
  done
  echo "scripts/test.sh: the tests need the shared data sets, and there is no $(dirname "$ROOT")/shared/data:" \
    "put the project's 'shared' folder beside this clone, or set SPECAGENT_DATA to its data folder" >&2
  return 1
}
case " $* " in *" -Dspecagent.data="*) ;; *) data_dir || exit 2 ;; esac
bash scripts/ensure-tools.sh
. scripts/java-home.sh
exec ./mvnw -B -ntp verify "$@"
