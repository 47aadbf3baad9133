# Finding a JDK of version 21 or newer; sourced by scripts/with-jdk and ./batchd.
# The machine's default java may be older (17); batchd needs 21+. Order of preference:
# $BATCHD_JAVA_HOME, $JAVA_HOME, the javac on PATH, then the newest JDK under /usr/lib/jvm.

# Prints the JDK's version string (such as 25.0.3) from its `release` file, without starting a JVM
# (each JVM start costs tens of milliseconds, and ./batchd's start is timed); if the file is
# missing, from the JVM itself.
jdk_version() {
  local v=""
  if [[ -f $1/release ]]; then
    v=$(sed -n 's/^JAVA_VERSION="\(.*\)"$/\1/p' "$1/release")
  fi
  if [[ -z $v ]]; then
    v=$("$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java.version = //p') || true
  fi
  echo "${v:-0}"
}

# Prints the feature version of the JDK at $1 (25 for 25.0.3, 8 for 1.8.0_x), or 0.
java_major() {
  local v
  v=$(jdk_version "$1")
  v=${v#1.}
  v=${v%%[.+-]*}
  [[ $v =~ ^[0-9]+$ ]] && echo "$v" || echo 0
}

# Prints the home of the first JDK 21+ found; fails if there is none.
pick_jdk() {
  local candidates=()
  [[ -n "${BATCHD_JAVA_HOME:-}" ]] && candidates+=("$BATCHD_JAVA_HOME")
  [[ -n "${JAVA_HOME:-}" ]] && candidates+=("$JAVA_HOME")
  if command -v javac >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")")
  fi
  local d
  for d in $(ls -d /usr/lib/jvm/*/ /opt/java/*/ /opt/*jdk*/ 2>/dev/null | sort -rV); do
    candidates+=("${d%/}")
  done
  for d in "${candidates[@]}"; do
    if [[ -x "$d/bin/java" && -x "$d/bin/javac" && $(java_major "$d") -ge 21 ]]; then
      echo "$d"
      return 0
    fi
  done
  return 1
}
