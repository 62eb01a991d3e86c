"""Prometheus metrics of the platform below HTTP: the event store, the outbox relay and the
consumers; registered once per process in the default registry.

They live apart from ``shared.api`` so that the application layer and messaging record them
without depending on the HTTP package. ``serve_metrics`` serves every metric of the process on a
port of its own.
"""

from __future__ import annotations

from wsgiref.simple_server import WSGIServer

from prometheus_client import Counter, Gauge, start_http_server

EVENTS_APPENDED = Counter(
    "kelisim_events_appended_total",
    "Events appended to the event store.",
    ["service", "stream_type"],
)
RELAY_PUBLISHED = Counter(
    "kelisim_relay_published_total",
    "Outbox events published to the broker by the relay.",
    ["service"],
)
RELAY_LAG = Gauge(
    "kelisim_relay_lag",
    "Outbox events not yet published by the relay.",
    ["service"],
)
RELAY_LEADER = Gauge(
    "kelisim_relay_leader",
    "1 while this process's relay holds the topic's lease and publishes.",
    ["service"],
)
RELAY_BROKER_CONNECTED = Gauge(
    "kelisim_relay_broker_connected",
    "1 while the leading relay is connected to the broker (0 on standby or broker outage).",
    ["service"],
)
CONSUMER_CONNECTED = Gauge(
    "kelisim_consumer_connected",
    "1 while this process's consumer is connected to the broker and in its group.",
    ["service"],
)
CONSUMER_APPLIED = Counter(
    "kelisim_consumer_applied_total",
    "Messages applied by a consumer.",
    ["service", "topic"],
)
CONSUMER_DUPLICATES = Counter(
    "kelisim_consumer_duplicates_total",
    "Messages skipped by a consumer as already applied.",
    ["service", "topic"],
)
CONSUMER_DEAD_LETTERED = Counter(
    "kelisim_consumer_dead_lettered_total",
    "Messages a consumer sent to the dead-letter topic.",
    ["service", "topic"],
)


def serve_metrics(host: str, port: int) -> WSGIServer:
    """Serve every metric on ``host:port`` (any path) from a thread, apart from the API, so that
    the API's port can face clients while only the monitoring system reaches this one.
    Stop it with ``shutdown()`` and ``server_close()``."""
    server, _thread = start_http_server(port, addr=host)
    return server
