#!/usr/bin/env bash
# Runs one of the programs in specagent-examples: picks a JDK >= 21, (re)builds the examples jar with
# the Maven wrapper when it is missing or older than the sources, and runs the class with the given
# arguments. Examples: scripts/example.sh QuickStart
#                      scripts/example.sh LlmQuickStart https://api.openai.com/v1 gpt-4.1 gpt-4.1-nano
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -euo pipefail
unset CDPATH # exported, it sends cd to a folder of the same name elsewhere and makes it print where it went
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd) # also through a symlink
if [ $# -lt 1 ]; then
  echo "usage: scripts/example.sh NAME [ARGS...]   (NAME: QuickStart, LlmQuickStart, PlanningQuickStart)" >&2
  exit 2
fi
NAME=$1
shift
if [ ! -f "$ROOT/specagent-examples/src/main/java/dev/specagent/examples/$NAME.java" ]; then
  echo "scripts/example.sh: no example called '$NAME'; known:" \
    $(cd "$ROOT/specagent-examples/src/main/java/dev/specagent/examples" && grep -l 'static void main' *.java | sed 's/\.java$//') >&2
  exit 2
fi
. "$ROOT/scripts/java-home.sh"
JAR="$ROOT/specagent-examples/target/examples.jar"
stale() {
  [ ! -f "$JAR" ] && return 0
  [ -n "$(find "$ROOT" -path "$ROOT/.git" -prune -o \( -name pom.xml -o -path '*/src/main/*' \) \
      -newer "$JAR" -print -quit 2>/dev/null)" ]
}
if stale; then
  . "$ROOT/scripts/build-lock.sh"
  build_lock scripts/example.sh
  if stale; then # (a build that held the lock may have made it)
    # the build is quiet (-q) and the first one takes minutes: say so before it
    if [ -f "$JAR" ]; then
      echo "scripts/example.sh: rebuilding the examples (the sources changed since the last build)..." >&2
    else
      echo "scripts/example.sh: building the examples (the first build downloads Maven and the dependencies; a few minutes)..." >&2
    fi
    (cd "$ROOT" && ./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl specagent-examples -am) >&2
  fi
  exec 9>&-
fi
exec "$JAVA_HOME/bin/java" -cp "$JAR" "dev.specagent.examples.$NAME" "$@"
