#!/usr/bin/env bash
# chat-service benchmark: time to world_update / first content over N turns (default 1000), offline narrator,
# after a warm-up of at least 300 turns and WARMUP seconds (second argument, default 120).
# Builds the runnable jars (kb-service, chat-service) with the reactor, then runs the ChatBenchmark main class.
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -q -B -pl chat-service -am package -DskipTests dependency:build-classpath \
    -Dmdep.outputFile=target/bench.cp -Dmdep.includeScope=test
java -cp "chat-service/target/test-classes:chat-service/target/classes:$(cat chat-service/target/bench.cp)" \
    io.gaia.chat.bench.ChatBenchmark "${1:-1000}" "${2:-120}"
