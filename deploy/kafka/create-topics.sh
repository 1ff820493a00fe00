#!/bin/sh
# Creates Transfer Monitor's topics on the compose broker, with the settings the monitor
# itself would use (create.topics=true): reference topics compacted with one partition
# (they feed the global reference stores), inputs and the audit ledger kept for 366 days with the same
# partition count (each ledger chain follows one input partition), the rest plain delete.
# Safe to run again: existing topics are left alone.
set -eu

BOOTSTRAP="${BOOTSTRAP_SERVERS:-kafka:9092}"
PARTITIONS="${TOPIC_PARTITIONS:-6}"
REPLICATION="${TOPIC_REPLICATION_FACTOR:-1}"
PREFIX="${TOPIC_PREFIX:-}"
RETENTION_MS=31622400000
TOPICS=/opt/kafka/bin/kafka-topics.sh

create() {
  name="$PREFIX$1"
  partitions="$2"
  shift 2
  "$TOPICS" --bootstrap-server "$BOOTSTRAP" --create --if-not-exists \
    --topic "$name" --partitions "$partitions" --replication-factor "$REPLICATION" "$@"
}

for t in access replication audit; do
  create "transfer.$t.v1" "$PARTITIONS" --config cleanup.policy=delete --config retention.ms="$RETENTION_MS"
done
for t in assets regions networks principals credentials policies; do
  create "transfer.ref.$t.v1" 1 --config cleanup.policy=compact
done
for t in alerts alerts.ocsf dlq; do
  create "transfer.$t.v1" "$PARTITIONS" --config cleanup.policy=delete
done

"$TOPICS" --bootstrap-server "$BOOTSTRAP" --describe --topics-with-overrides | grep '^Topic:' || true
