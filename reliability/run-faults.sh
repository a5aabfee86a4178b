#!/usr/bin/env bash
# The fault harness (docs/reliability.md): builds the services and this module, then runs real
# nats-server, kb-service and session-service on loopback under a crowd of simulated players and
# injects the faults. Bounded; stops by itself. Arguments: see io.gaia.reliability.fault.FaultHarness,
# e.g.  reliability/run-faults.sh players=100 kills=20 nats=3 restarts=4 slow=1
set -euo pipefail
cd "$(dirname "$0")/.."
if [ -z "${SKIP_BUILD:-}" ]; then
  mvn -q -B -pl reliability -am package -DskipTests
fi
cd reliability
exec java -Xmx1g ${FAULTS_JAVA_OPTS:-} -cp "target/reliability-0.1.0-SNAPSHOT.jar:$(cat target/classpath.txt)" \
  io.gaia.reliability.fault.FaultHarness "$@"
