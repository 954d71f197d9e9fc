#!/usr/bin/env bash
# Runs the workloads W1..W8 on asyncio4j and prints one line each: "Wn asyncio4j VALUE UNIT".
#
#   benchmarks/run-workloads.sh [W1 ... W8] [--scale F]      (all workloads when none is named)
#
# Each workload runs on one event loop in one JVM: warm-up iterations for 2 s (at least one), then the median of 5
# measured iterations (see Workloads.java; benchmarks/python/workloads.py is the same set for
# CPython asyncio). The benchmarks jar is (re)built first when it is missing or older than the sources.
set -euo pipefail
cd "$(dirname "$0")/.."
jar=benchmarks/target/benchmarks.jar
if [ ! -f "$jar" ] || [ -n "$(find core/src/main benchmarks/src/main pom.xml core/pom.xml benchmarks/pom.xml -newer "$jar" -type f 2>/dev/null | head -n 1)" ]; then
    ./mvnw -B -q -pl benchmarks -am package -DskipTests >&2
fi
exec java -Xms2g -Xmx2g -XX:+UseParallelGC -cp "$jar" io.github.asyncio4j.benchmarks.Workloads "$@"
