#!/usr/bin/env bash
# Runs NodeBench (src/test/java) on JDK 25 with the Graal JIT: the polyglot jars on the class path,
# the Graal compiler and its modules on --upgrade-module-path, JVMCI enabled (stack-notes §5).
# Jars are resolved with maven-dependency-plugin into target/bench/. Not part of `mvn verify`.
# Usage: bundles/runtime-node/bench.sh [-Dbench.threads=2 -Dbench.warmup.s=60 -Dbench.seconds=10 -Dbench.loads=20]
# JIT=off runs the same benchmark interpreted, for comparison.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
top="$(cd "$here/../.." && pwd)"
export JAVA_HOME="${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}"
graal="$(sed -n 's:.*<graal.version>\(.*\)</graal.version>.*:\1:p' "$top/pom.xml")"
out="$here/target/bench"
mkdir -p "$out/jit"

# Test classes of this module and its reactor dependencies, then the test class path.
(cd "$top" && mvn -q -pl bundles/runtime-node -am test-compile dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile="$out/cp.txt")
# The Graal compiler and the modules it needs on the upgrade module path.
for a in org.graalvm.compiler:compiler org.graalvm.truffle:truffle-compiler org.graalvm.sdk:collections \
         org.graalvm.sdk:word org.graalvm.sdk:nativeimage; do
    (cd "$top" && mvn -q dependency:copy -Dartifact="$a:$graal" -DoutputDirectory="$out/jit")
done

jit_jars="$(ls "$out"/jit/*.jar | tr '\n' ':')"
cp="$here/target/test-classes:$here/target/classes:$(cat "$out/cp.txt")"
flags=(-Xms1g -Xmx1g --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow)
if [[ "${JIT:-on}" != "off" ]]; then
    flags+=(-XX:+UnlockExperimentalVMOptions -XX:+EnableJVMCI "--upgrade-module-path=${jit_jars%:}")
    # The upgrade-module-path jars must not be on the class path as well.
    cp="$(echo "$cp" | tr ':' '\n' | grep -v -E '/(compiler|truffle-compiler|collections|word|nativeimage)-[0-9.]+\.jar$' | paste -sd: -)"
fi
exec "$JAVA_HOME/bin/java" "${flags[@]}" "$@" -cp "$cp" io.fnkernel.runtime.node.internal.NodeBench
