#!/bin/sh
# The INDI task benchmark (docs/benchmarks.md): a 1 s camera.expose task through the Orrery runtime
# against the INDI CCD simulator, task start to FITS on disk, compared in the same run with the raw
# INDI round trip (indi_setprop + indi_getprop). indiserver listens on all interfaces and has no bind
# option, so the benchmark program, the indiserver and the runtime it starts all run in a private
# network namespace that has only loopback: devices.indi's script src/test/netns/bin/java does the
# unshare and execs the real java (ORRERY_TEST_JAVA) with the benchmark, which needs only the JDK
# (source-file mode). The namespace ends with the program; the program stops what it started.
# From the repository root, after the runtime is built (./mvnw install -pl runtime -DskipTests):
#   bench/src/main/sh/indi-task-bench.sh [runs=10] [warmups=2] [seconds=1] [java=/path/to/bin/java]
set -e
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../../.." && pwd)"
cd "$root"
java="${JAVA_HOME:+$JAVA_HOME/bin/java}"
java="${java:-$(command -v java)}"
ORRERY_TEST_JAVA="$java" exec "$root/devices.indi/src/test/netns/bin/java" \
  "$root/bench/src/main/java/org/orrery/bench/IndiTaskBenchmark.java" \
  "jar=$root/runtime/target/orrery.jar" "work=$root/bench/target/indi-task-bench" "$@"
