#!/usr/bin/env bash
# Mutation testing with PIT: changes the code of one module a line at a time and reports the changes its tests
# do not notice. Usage: scripts/mutation.sh MODULE [CLASS-PATTERNS [TEST-PATTERNS]] [more -D options for PIT], e.g.
#   scripts/mutation.sh specagent-core 'dev.specagent.core.ledger.*'
#   scripts/mutation.sh specagent-envs 'dev.specagent.envs.chess.*' 'dev.specagent.envs.chess.rules.*Test'
# Patterns are comma-separated; the tests default to all of the module's (but those on the wall clock). The
# restricted sets behind the README's figures are in docs/mutation.md. Report: MODULE/target/pit-reports/index.html
# (and mutations.xml). The whole of specagent-core takes about 18 minutes on 2 cores; give a package to go faster.
[ -n "${BASH_VERSION:-}" ] || exec bash "$0" "$@" # run by sh (sh ./specagent): a bash script
set -euo pipefail
unset CDPATH # exported, it sends cd to a folder of the same name elsewhere and makes it print where it went
ROOT=$(cd "$(dirname "$(readlink -f "${BASH_SOURCE[0]}")")/.." && pwd) # also through a symlink
cd "$ROOT"
. scripts/java-home.sh
usage="usage: scripts/mutation.sh MODULE [CLASS-PATTERNS [TEST-PATTERNS]] [-Dpit.option=value ...]"
module=${1:?$usage}
shift
package=${module#specagent-}
classes="dev.specagent.$package.*"
tests="dev.specagent.*"
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then classes=$1; shift; fi
if [ $# -gt 0 ] && [ "${1#-}" = "$1" ]; then tests=$1; shift; fi
# the modules this one depends on, built and installed without their tests
./mvnw -q -B -ntp -DskipTests -Dmaven.javadoc.skip -Dmaven.source.skip install -pl "$module" -am
exec ./mvnw -B -ntp -Dmaven.javadoc.skip -pl "$module" test-compile org.pitest:pitest-maven:mutationCoverage \
    -DtargetClasses="$classes" -DtargetTests="$tests" "$@"
