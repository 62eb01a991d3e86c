"""Kafka in and out: the outbox relay and idempotent consumers."""
