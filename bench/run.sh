#!/usr/bin/env bash
# bench/run.sh [--quick] [--only a,b,...] — measure fnkernel against its baselines in one run.
# Builds what is missing, installs wrk if needed, then runs bench/bench.py (see docs/benchmarks.md).
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
"$root/fnk" version >/dev/null            # builds the distribution when missing or stale
jar="$root/bench/target/bench-0.1.0-SNAPSHOT.jar"
if [ ! -f "$jar" ] || [ -n "$(find "$root/bench/src" "$root/bench/pom.xml" -newer "$jar" -print -quit)" ]; then
  (cd "$root" && mvn -q -B -ntp -pl bench package)
fi
exec python3 "$root/bench/bench.py" "$@"
