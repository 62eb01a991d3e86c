#!/bin/sh
# Create Kelisim's topics before the services start (docker-compose.yml's kafka-init), the way
# deploy/k8s/base/kafka/topics.yaml declares them for Strimzi: retention unlimited, because a
# consumer that joins later (or is rebuilt) reads every service's history from offset 0.
#   EVENT_TOPICS, DEAD_LETTER_TOPICS   space-separated topic names
#   PARTITIONS, REPLICATION_FACTOR, MIN_INSYNC_REPLICAS, BOOTSTRAP_SERVER
set -eu

KAFKA_BIN="${KAFKA_BIN:-/opt/kafka/bin}"
: "${BOOTSTRAP_SERVER:?}" "${EVENT_TOPICS:?}" "${DEAD_LETTER_TOPICS:?}"

create() {
    "$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --create --if-not-exists \
        --topic "$1" --partitions "$2" --replication-factor "${REPLICATION_FACTOR:-1}" \
        --config retention.ms=-1 --config retention.bytes=-1 --config cleanup.policy=delete \
        --config min.insync.replicas="${MIN_INSYNC_REPLICAS:-1}"
}

for topic in $EVENT_TOPICS; do
    create "$topic" "${PARTITIONS:-3}"
done
for topic in $DEAD_LETTER_TOPICS; do
    create "$topic" 1
done
"$KAFKA_BIN/kafka-topics.sh" --bootstrap-server "$BOOTSTRAP_SERVER" --describe \
    --topics-with-overrides
