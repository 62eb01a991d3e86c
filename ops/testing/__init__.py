"""Test support for Kelisim: the ``ops.testing.infra`` pytest plugin (real PostgreSQL and a
Kafka-compatible broker). Load it with ``pytest_plugins = ["ops.testing.infra"]``."""
