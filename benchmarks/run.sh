#!/usr/bin/env bash
# Builds the benchmarks and runs the whole suite: tens of minutes on 2 cores.
# Prints one table per measure, every figure a ratio to ThreadPoolExecutor measured in the same run.
#   benchmarks/run.sh            the whole suite
#   benchmarks/run.sh --quick    throughput with 1 producer and 2 workers only, plus the rest
# One measure alone (each prints its own table), after the build:
#   java -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.TrickleCost
#   java -Xmx2g -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.RetainedMemoryCost
#   java -cp benchmarks/target/benchmarks.jar io.github.threadpool.benchmarks.IdleCost      (also RetainedResultCost, CpuPerJob, CancelCost)
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q -pl benchmarks -am package -DskipTests
exec java -Xmx2g -jar benchmarks/target/benchmarks.jar "$@"
