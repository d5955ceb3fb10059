#!/usr/bin/env bash
# Mutation testing with PIT: changes the code of one module a line at a time and reports the changes its tests
# do not notice. Usage: scripts/mutation.sh MODULE [PACKAGE-OR-CLASS-PATTERN] [more -D options for PIT], e.g.
#   scripts/mutation.sh specagent-core 'dev.specagent.core.ledger.*'
# Report: MODULE/target/pit-reports/index.html (and mutations.xml). The whole of specagent-core takes about
# 13 minutes on 2 cores; give a package to go faster.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$ROOT"
. scripts/java-home.sh
module=${1:?usage: scripts/mutation.sh MODULE [PACKAGE-OR-CLASS-PATTERN] [-Dpit.option=value ...]}
shift
package=${module#specagent-}
target=${1:-dev.specagent.$package.*}
[ $# -gt 0 ] && shift
# the modules this one depends on, built and installed without their tests
./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip install -pl "$module" -am
exec ./mvnw -B -ntp -Dmaven.javadoc.skip -pl "$module" test-compile org.pitest:pitest-maven:mutationCoverage \
    -DtargetClasses="$target" -DtargetTests="dev.specagent.*" "$@"
