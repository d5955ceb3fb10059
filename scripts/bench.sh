#!/usr/bin/env bash
# Builds and runs the JMH benchmarks. Arguments go to JMH, e.g. scripts/bench.sh RunnerBenchmark -f 1 -wi 2 -i 3
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -euo pipefail
unset CDPATH # exported, it sends cd to a folder of the same name elsewhere and makes it print where it went
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd) # also through a symlink
cd "$ROOT"
. scripts/java-home.sh
. scripts/build-lock.sh
build_lock scripts/bench.sh
./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip package -pl specagent-bench -am
exec 9>&-
exec "$JAVA_HOME/bin/java" -jar specagent-bench/target/benchmarks.jar "$@"
