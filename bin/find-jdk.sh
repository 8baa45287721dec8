#!/usr/bin/env bash
# Sourced by ./quiver and ./run-tests: exports JAVA_HOME pointing at a JDK >= 21.
# Order: $JAVA_HOME, `java` on the PATH, then the usual install folders (newest first).
# Prints what to install and returns 1 when there is none.

quiver_java_major() { # $1 = path to a java binary -> prints its feature version (e.g. 25)
  "$1" -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ {print $2; exit}' | cut -d. -f1
}

quiver_find_jdk() {
  local min=21 candidate major best="" best_major=0
  local candidates=()
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for dir in /usr/lib/jvm/* /opt/java/* /opt/jdk* /usr/local/jdk* "$HOME"/.sdkman/candidates/java/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
    [ -d "$dir" ] && candidates+=("$dir")
  done
  for candidate in "${candidates[@]}"; do
    [ -x "$candidate/bin/java" ] && [ -x "$candidate/bin/javac" ] || continue
    major=$(quiver_java_major "$candidate/bin/java")
    [[ "$major" =~ ^[0-9]+$ ]] || continue
    # The first acceptable of $JAVA_HOME / PATH wins; otherwise the newest installed one.
    if [ "$major" -ge "$min" ] && [ "$major" -gt "$best_major" ]; then
      best="$candidate"; best_major="$major"
      if [ "$candidate" = "${JAVA_HOME:-}" ]; then break; fi
    fi
  done
  if [ -z "$best" ]; then
    echo "quiver: no JDK $min or newer found (looked at \$JAVA_HOME, java on the PATH and /usr/lib/jvm)." >&2
    echo "quiver: install one, e.g. 'apt-get install openjdk-21-jdk' or a Temurin JDK 21+, or set JAVA_HOME to it." >&2
    return 1
  fi
  export JAVA_HOME="$best"
  export PATH="$JAVA_HOME/bin:$PATH"
}
