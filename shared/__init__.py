"""Kelisim platform: event store, outbox relay, consumers, API plumbing and runtime."""
