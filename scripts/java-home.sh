# Sourced by the project's scripts: exports JAVA_HOME pointing at a JDK >= 21 (java and javac).
# Order: $JAVA_HOME if it is one, else the newest JDK under $SPECAGENT_JVM_DIR (default /usr/lib/jvm; of
# equal versions the first by name), else the JDK of `javac` on PATH.
# The major version of the java whose settings are $1 (8 for Java 8, whose specification version is 1.8).
java_major() {
  printf '%s\n' "$1" | sed -n 's/^ *java\.specification\.version = \(1\.\)\{0,1\}\([0-9]*\).*/\2/p' | head -n1
}
# Sets jdk_major and returns 0 when $1 is a JDK >= 21; otherwise sets jdk_why to why it is not.
check_jdk() {
  local settings
  jdk_major="" jdk_why=""
  if [ ! -x "$1/bin/java" ]; then jdk_why="no bin/java"; return 1; fi
  if [ ! -x "$1/bin/javac" ]; then jdk_why="no bin/javac (a JRE, not a JDK)"; return 1; fi
  settings=$("$1/bin/java" -XshowSettings:properties -version 2>&1) || true
  jdk_major=$(java_major "$settings")
  if [ -z "$jdk_major" ]; then
    # with what it said: the reason may be this shell's, not the JDK's (a deleted working folder, _JAVA_OPTIONS)
    jdk_why="its java does not start: $(printf '%s\n' "$settings" \
      | sed -e '/^Picked up /d' -e '/^Error occurred during initialization of VM/d' -e '/^[[:space:]]*$/d' | head -n1)"
    return 1
  fi
  if [ "$jdk_major" -lt 21 ]; then jdk_why="Java $jdk_major"; return 1; fi
}
pick_java_home() {
  local best="" best_major=0 d seen=""
  if [ -n "${JAVA_HOME:-}" ]; then
    if check_jdk "$JAVA_HOME"; then best=$JAVA_HOME; else seen="JAVA_HOME=$JAVA_HOME: $jdk_why"; fi
  fi
  [ -z "$best" ] || { use_jdk "$best"; return; }
  for d in "${SPECAGENT_JVM_DIR:-/usr/lib/jvm}"/*/; do
    d=${d%/}
    [ -d "$d" ] || continue
    if ! check_jdk "$d"; then seen="$seen${seen:+; }$d: $jdk_why"; continue; fi
    if [ "$jdk_major" -gt "$best_major" ]; then best=$d; best_major=$jdk_major; fi
  done
  if [ -z "$best" ] && command -v javac >/dev/null 2>&1; then
    d=$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")
    if check_jdk "$d"; then best=$d; else seen="$seen${seen:+; }javac on PATH ($d): $jdk_why"; fi
  fi
  if [ -z "$best" ]; then
    echo "specagent needs a JDK 21 or newer: none found in JAVA_HOME, ${SPECAGENT_JVM_DIR:-/usr/lib/jvm} or on PATH${seen:+ (found $seen)}." >&2
    echo "Install one (for example: apt-get install openjdk-21-jdk-headless), or set JAVA_HOME to one, and run again." >&2
    return 1
  fi
  use_jdk "$best"
}
# Exports JAVA_HOME as the absolute path of the JDK $1 (a relative one would name another folder once a script
# changes directory, as the build does) and sets jdk_major.
use_jdk() {
  export JAVA_HOME
  JAVA_HOME=$(CDPATH='' cd -- "$1" && pwd) && check_jdk "$JAVA_HOME"
}
if ! pick_java_home; then
  # Sourced into the user's own shell (the README's install step): fail the command, keep the shell open.
  case $- in *i*) unset jdk_major jdk_why; return 1 ;; esac
  exit 1
fi
export PATH="$JAVA_HOME/bin:$PATH"
# The Maven wrapper keeps Maven in ~/.m2 and stops without HOME ('./mvnw: 142: HOME: parameter not set': env -i, a
# service manager's bare environment); then the user's home from the password database, where Java and Maven look.
if [ -z "${HOME:-}" ] && home=~ && [ "$home" != "~" ]; then export HOME="$home"; fi
unset home
# Java reads file names in the locale's charset: under the C or POSIX locale (a container's default, cron, env -i) a path
# with letters beyond ASCII (a clone in ~/Développement) turns into '?' and neither Maven nor the CLI starts ('Error: An
# unexpected error occurred while trying to open file /home/x/D?veloppement/...'). Then C.UTF-8, which glibc has built in.
# A locale this machine lacks is the C locale too (LANG=en_US.UTF-8 of an image without its locales, LC_CTYPE=UTF-8 that
# ssh brings from a Mac): 'locale charmap' then says ANSI_X3.4-1968.
case "${LC_ALL:-${LC_CTYPE:-${LANG:-}}}" in
  "" | C | POSIX) export LC_ALL=C.UTF-8 ;;
  *) case "$(locale charmap 2>/dev/null)" in ANSI_X3.4-1968) export LC_ALL=C.UTF-8 ;; esac ;;
esac
# Quiet Maven's own JVM on new JDKs (its bundled jansi and guava trigger warnings there); each option once, also when
# this is sourced again (the user's shell, then a script it runs).
if [ "$jdk_major" -ge 24 ]; then
  for maven_opt in --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow; do
    case " ${MAVEN_OPTS:-} " in *" $maven_opt "*) ;; *) MAVEN_OPTS="${MAVEN_OPTS:+$MAVEN_OPTS }$maven_opt" ;; esac
  done
  export MAVEN_OPTS
fi
unset jdk_major jdk_why maven_opt
